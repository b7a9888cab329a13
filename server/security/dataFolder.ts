import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class DataFolderError extends Error {
  override readonly name = 'DataFolderError';
}

/**
 * The endpoint's data folder holds the database (accounts, sessions, sealed secrets), its setup
 * token and maybe its generated key: the endpoint's user alone may enter it (0700) and read its
 * files (0600). A start also tightens a folder an older version left readable by other users.
 * (On Windows these modes mean little; the folder inherits its parent's ACL.)
 */
export function prepareDataFolder(dataDir: string, databaseFile?: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const folder = statSync(dataDir);
  // A folder others share (like /tmp: sticky, or someone else's) cannot be made private; taking
  // it over would break them, and leaving it open would expose the database.
  if (process.platform !== 'win32' && ((folder.mode & 0o1000) !== 0 || folder.uid !== process.getuid?.())) {
    throw new DataFolderError(
      `The data folder ${dataDir} is shared with other users (sticky, or owned by someone else): give the endpoint a folder of its own, e.g. a new folder inside it.`,
    );
  }
  chmodSync(dataDir, 0o700);
  // On PostgreSQL the folder holds only this instance's own files (setup token, a loopback key).
  if (databaseFile === undefined) return;
  // SQLite creates -wal and -shm with the database file's mode: create it owner-only first.
  const database = join(dataDir, databaseFile);
  if (!existsSync(database)) closeSync(openSync(database, 'a', 0o600));
  tightenDatabaseFiles(dataDir, databaseFile);
}

/** The database and its -wal and -shm files, owner-only (they hold the same data). */
export function tightenDatabaseFiles(dataDir: string, databaseFile: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const path = join(dataDir, `${databaseFile}${suffix}`);
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}
