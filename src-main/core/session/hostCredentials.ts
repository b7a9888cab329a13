import type { DesktopDatabase } from '../db/desktopDatabase';
import type { SecretProtector } from '../security/secretProtector';
import { createServerSetup, registerLocally, type CredentialKind } from './passwordHandshake';

/** OPAQUE's user identifier: a constant, since every record lives on its own host. */
export const HOST_USER = 'tandem-host';

/**
 * The host's verifiers for the password check: OPAQUE records, registered locally, for the
 * one-time password (memory only), the optional permanent password (persisted; the password
 * itself is never stored) and, per request, a session code.
 */
export class HostCredentials {
  readonly serverSetup: string;
  #oneTime: string | null = null;
  #permanent: string | null;

  constructor(
    private readonly db: DesktopDatabase,
    private readonly protector: SecretProtector,
  ) {
    const secret = (name: string) =>
      (db.prepare('SELECT value FROM host_secrets WHERE name = ?').get(name) as { value: string } | undefined)?.value;
    const storedSetup = secret('opaque_server_setup');
    if (storedSetup) {
      this.serverSetup = protector.open(storedSetup);
    } else {
      this.serverSetup = createServerSetup();
      this.#store('opaque_server_setup', protector.seal(this.serverSetup));
    }
    this.#permanent = secret('permanent_password_record') ?? null;
  }

  setOneTimePassword(password: string): void {
    this.#oneTime = registerLocally(this.serverSetup, HOST_USER, password, 'otp');
  }

  /** Unattended access (RS-1): set, replace or (null) remove the permanent password. */
  setPermanentPassword(password: string | null): void {
    if (password === null) {
      this.db.prepare("DELETE FROM host_secrets WHERE name = 'permanent_password_record'").run();
      this.#permanent = null;
      return;
    }
    this.#permanent = registerLocally(this.serverSetup, HOST_USER, password, 'permanent');
    this.#store('permanent_password_record', this.#permanent);
  }

  get hasPermanentPassword(): boolean {
    return this.#permanent !== null;
  }

  record(kind: Exclude<CredentialKind, 'code'>): string | null {
    return kind === 'otp' ? this.#oneTime : this.#permanent;
  }

  /** A record for a session code the end user typed in; used for one request only. */
  forCode(code: string): string {
    return registerLocally(this.serverSetup, HOST_USER, code, 'code');
  }

  #store(name: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO host_secrets (name, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(name, value, new Date().toISOString());
  }
}
