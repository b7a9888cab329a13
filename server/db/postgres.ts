import pg from 'pg';

/**
 * A pool for the endpoint's PostgreSQL. BIGINT and NUMERIC (what `count` and `sum` answer) come back
 * as numbers, as SQLite's integers do; a value past 2^53 would lose digits, so it is refused instead.
 */
export function postgresPool(
  url: string,
  options: { max?: number; onIdleError?: (error: Error) => void } = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return toSafeNumber;
        return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A connection lost while idle (the server restarted, or ended it): the pool forgets that client
  // and connects anew when next asked; without a listener the error would end the process.
  pool.on('error', options.onIdleError ?? (() => undefined));
  return pool;
}

function toSafeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
    throw new RangeError(`PostgreSQL answered ${text}, too large for the endpoint to read exactly.`);
  }
  return value;
}

/** The URL as it may be shown or logged: the password replaced. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable database URL)';
  }
}
