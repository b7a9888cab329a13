import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** In the endpoint's data folder, readable by its owner only, while the endpoint has no company. */
export const SETUP_TOKEN_FILE = 'setup-token';

export const setupTokenPath = (dataDir: string) => join(dataDir, SETUP_TOKEN_FILE);

/** The token a fresh endpoint wrote, for whoever can read its data folder (the operator, tests). */
export function readSetupToken(dataDir: string): string {
  return readFileSync(setupTokenPath(dataDir), 'utf8').trim();
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * `/api/v1/setup` makes whoever calls it the endpoint's first administrator, so it takes a
 * one-time token only the operator can know: one they gave (`--setup-token`), or one written at
 * first start to a 0600 file in the data folder. It is compared in constant time and void after use.
 */
export class SetupToken {
  #digest: Buffer | null;

  private constructor(
    token: string | null,
    readonly file: string | null,
  ) {
    this.#digest = token ? digest(token) : null;
  }

  /** Nothing to prepare once the endpoint has a company; otherwise the operator's token or the file's. */
  static prepare(dataDir: string, options: { hasCompanies: boolean; given?: string | undefined }): SetupToken {
    const path = setupTokenPath(dataDir);
    if (options.hasCompanies) {
      rmSync(path, { force: true });
      return new SetupToken(null, null);
    }
    if (options.given) return new SetupToken(options.given, null);
    try {
      // A restart before the set-up keeps the token already handed out.
      return new SetupToken(readSetupToken(dataDir), path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const token = randomBytes(24).toString('base64url');
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return new SetupToken(token, path);
  }

  get pending(): boolean {
    return this.#digest !== null;
  }

  /** True once, for the right token: the token is void from then on, whatever the set-up's outcome. */
  consume(candidate: string): boolean {
    if (!this.#digest || !timingSafeEqual(digest(candidate), this.#digest)) return false;
    this.#digest = null;
    if (this.file) rmSync(this.file, { force: true });
    return true;
  }
}
