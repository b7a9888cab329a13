import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { migrate } from '../../../src-shared/sqlite/migrate';
import { makePrivateDir, makePrivateFile, tightenIfPresent } from '../security/privateFiles';
import { desktopMigrations } from './migrations';

export type DesktopDatabase = Database.Database;

export const DESKTOP_DB_FILE = 'tandem.db';

/** Opens (creating if needed) the main core's database: WAL, foreign keys, migrated. */
export function openDesktopDatabase(file: string): DesktopDatabase {
  // Owner-only before SQLite opens it: the database holds the device's secrets.
  makePrivateDir(dirname(file));
  makePrivateFile(file);
  for (const suffix of ['-wal', '-shm', '-journal']) tightenIfPresent(`${file}${suffix}`);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, desktopMigrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
