import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data folder holds the device key, the OPAQUE server setup, the permanent password's
 * record and the summary cache — unsealed where there is no OS keychain (browser mode). Only the
 * user running Tandem may read it: folders 0700, files 0600. Windows keeps each user's profile
 * private through ACLs and ignores these modes, so there is nothing to do there.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** Creates `dir` (and missing parents) owner-only. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix) tighten(dir, true);
}

/**
 * Creates an empty file owner-only if it is missing, and tightens it if it exists. SQLite gives
 * the -wal and -shm files it creates later the mode of their database file.
 */
export function makePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  if (posix) tighten(file, false);
}

/**
 * Start-up: creates the data folder owner-only and takes group and other permissions away from
 * everything already in it (a folder from an older version, a copy restored from a backup).
 * Answers the paths it had to tighten; symbolic links are neither followed nor changed.
 */
export function securePrivateTree(root: string): { tightened: string[]; failed: string[] } {
  makePrivateDir(root);
  const result = { tightened: [] as string[], failed: [] as string[] };
  if (!posix) return result;
  const visit = (path: string) => {
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) return;
      if (tighten(path, stat.isDirectory(), stat.mode)) result.tightened.push(path);
      if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    } catch {
      // Another user's file, or one removed meanwhile: reported, and the start goes on.
      result.failed.push(path);
    }
  };
  visit(root);
  return result;
}

/** Tightens a file that may or may not be there (SQLite's -wal and -shm come and go). */
export function tightenIfPresent(file: string): void {
  if (posix && existsSync(file)) tighten(file, false);
}

function tighten(path: string, directory: boolean, mode = lstatSync(path).mode): boolean {
  const wanted = directory ? PRIVATE_DIR_MODE : (mode & 0o700) | PRIVATE_FILE_MODE;
  if ((mode & 0o777) === wanted) return false;
  chmodSync(path, wanted);
  return true;
}
