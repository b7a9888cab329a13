/**
 * One migration per file, all pending ones run in one transaction, tracked by `user_version`.
 * Written against the few better-sqlite3 calls it needs so both the desktop cache and the
 * cloud endpoint use the same discipline without this folder depending on a driver.
 */
export interface Migration {
  /** 1, 2, 3 … in order, no gaps; becomes `user_version` once applied. */
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

export interface MigratableDatabase {
  pragma(source: string, options: { simple: true }): unknown;
  exec(source: string): unknown;
  transaction(fn: () => void): () => void;
}

export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database was written by a newer version of Tandem (schema ${found}; this version knows up to ${supported}). ` +
        'Update Tandem, or point it at another data folder.',
    );
  }
}

export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}.`);
    }
  });
}

/** Applies what is pending and returns the versions it applied. */
export function migrate(db: MigratableDatabase, migrations: readonly Migration[]): number[] {
  checkMigrations(migrations);
  const latest = migrations.length;
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const pending = migrations.slice(current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const migration of pending) db.exec(migration.up);
    db.pragma(`user_version = ${latest}`, { simple: true });
  })();
  return pending.map((migration) => migration.version);
}
