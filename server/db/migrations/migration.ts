/**
 * One endpoint migration: the same change to the schema in each engine's SQL. Every file in this
 * folder exports one; `index.ts` lists them in order and `../migrateEndpoint.ts` runs the pending
 * ones in one transaction on either engine.
 */
export interface EndpointMigration {
  /** 1, 2, 3 … in order, no gaps. */
  readonly version: number;
  readonly name: string;
  /** For SQLite (tables are STRICT). */
  readonly sqlite: string;
  /**
   * For PostgreSQL, giving the same columns, constraints and behaviour: text times, 0/1 integer
   * flags and JSON as text as on SQLite, so one row type reads from both.
   */
  readonly postgres: string;
}
