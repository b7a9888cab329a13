import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { migrate } from '../../src-shared/sqlite/migrate';
import { prepareDataFolder, tightenDatabaseFiles } from '../security/dataFolder';
import { serverMigrations } from './migrations';

export type ServerDatabase = Database.Database;
export const SERVER_DB_FILE = 'tandem-cloud.db';

export function openServerDatabase(dataDir: string): ServerDatabase {
  prepareDataFolder(dataDir, SERVER_DB_FILE);
  const db = new Database(join(dataDir, SERVER_DB_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Deleted and overwritten content (a secret before it was sealed, a revoked token) is zeroed on disk.
    db.pragma('secure_delete = ON');
    migrate(db, serverMigrations);
    tightenDatabaseFiles(dataDir, SERVER_DB_FILE);
    db.prepare('INSERT OR IGNORE INTO instance (singleton, instance_id, created_at) VALUES (1, ?, ?)').run(
      randomUUID(),
      new Date().toISOString(),
    );
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
