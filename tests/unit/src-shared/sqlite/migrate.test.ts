import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate, type Migration } from '../../../../src-shared/sqlite/migrate';

const first: Migration = { version: 1, name: 'a', up: 'CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT;' };
const second: Migration = { version: 2, name: 'b', up: 'CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT;' };
const broken: Migration = { version: 2, name: 'broken', up: 'CREATE TABLE c (id INTEGER); THIS IS NOT SQL;' };

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (row) => row.name,
  );

describe('migrate', () => {
  let db: Database.Database;
  afterEach(() => db?.close());

  it('applies pending migrations in order and records user_version', () => {
    db = new Database(':memory:');
    expect(migrate(db, [first])).toEqual([1]);
    expect(migrate(db, [first, second])).toEqual([2]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(db)).toEqual(['a', 'b']);
  });

  it('does nothing when the database is current', () => {
    db = new Database(':memory:');
    migrate(db, [first, second]);
    expect(migrate(db, [first, second])).toEqual([]);
  });

  it('runs all pending migrations in one transaction: a failure leaves the database as it was', () => {
    db = new Database(':memory:');
    expect(() => migrate(db, [first, broken])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuses a database written by a newer version', () => {
    db = new Database(':memory:');
    db.pragma('user_version = 7');
    expect(() => migrate(db, [first, second])).toThrow(DatabaseTooNewError);
    expect(() => migrate(db, [first, second])).toThrow(/newer version of Tandem/);
  });

  it('rejects a migration list with a gap', () => {
    db = new Database(':memory:');
    expect(() => migrate(db, [first, { ...second, version: 3 }])).toThrow(/expected 2/);
  });
});
