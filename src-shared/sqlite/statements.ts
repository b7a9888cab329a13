/**
 * Prepares each SQL text once per connection and hands back the same statement afterwards:
 * preparing costs more than running for the small statements a cache or a sync step repeats.
 * Only for statements that are run to completion (`run`, `get`, `all`), never iterated. Filters
 * build their SQL from the chosen options, so the cache forgets everything past `max` texts.
 */
export function statementCache<Statement>(
  db: { prepare(source: string): Statement },
  max = 500,
): (source: string) => Statement {
  const prepared = new Map<string, Statement>();
  return (source) => {
    let statement = prepared.get(source);
    if (!statement) {
      if (prepared.size >= max) prepared.clear();
      statement = db.prepare(source);
      prepared.set(source, statement);
    }
    return statement;
  };
}
