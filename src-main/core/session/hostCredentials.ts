import type { DesktopDatabase } from '../db/desktopDatabase';
import type { RememberedSupporter } from '../../../src-shared/session/remembered';
import type { SecretProtector } from '../security/secretProtector';
import { RememberedSupporters } from './host/rememberedSupporters';
import { createServerSetup, registerLocally, type CredentialKind } from './passwordHandshake';

/** A remembered password proved in a handshake, waiting for its session to start. */
export interface PendingRemembered {
  readonly record: string;
  /** The permanent password's record when the supporter proved it. */
  readonly permanent: string;
}

/** OPAQUE's user identifier: a constant, since every record lives on its own host. */
export const HOST_USER = 'tandem-host';

/**
 * The host's verifiers for the password check: OPAQUE records, registered locally, for the
 * one-time password (memory only), the optional permanent password (persisted; the password
 * itself is never stored), per supporter device a remembered password (persisted, forgotten with
 * every change of the permanent password) and, per request, a session code.
 */
export class HostCredentials {
  readonly serverSetup: string;
  /** The supporter devices that connect by a remembered password instead of the permanent one. */
  readonly remembered: RememberedSupporters;
  #oneTime: string | null = null;
  #permanent: string | null;

  constructor(
    private readonly db: DesktopDatabase,
    private readonly protector: SecretProtector,
    /** The remembered supporter devices changed (the host's list shows them). */
    rememberedChanged: (list: RememberedSupporter[]) => void = () => {},
  ) {
    this.remembered = new RememberedSupporters(db, () => rememberedChanged(this.remembered.list()));
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

  /**
   * Unattended access (RS-1): set, replace or (null) remove the permanent password. Either way every
   * remembered password goes: each stood for the password as it was, and whoever the owner meant to
   * lock out by changing it may hold one.
   */
  setPermanentPassword(password: string | null): void {
    this.remembered.forget(null);
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

  /** The record a password attempt of this kind is checked against; `remembered` is the supporter device's. */
  record(kind: Exclude<CredentialKind, 'code'>, supporterDeviceId: string): string | null {
    if (kind === 'remembered') return this.#permanent === null ? null : this.remembered.record(supporterDeviceId);
    return kind === 'otp' ? this.#oneTime : this.#permanent;
  }

  /**
   * The record for a remembered password, registered here from the key both sides derived, and the
   * permanent password's record it stands for: kept only while that is still the password.
   */
  forRemembered(key: string): PendingRemembered | null {
    if (this.#permanent === null) return null;
    return { record: registerLocally(this.serverSetup, HOST_USER, key, 'remembered'), permanent: this.#permanent };
  }

  /**
   * Keeps a remembered password once its session starts — unless the permanent password it stood
   * for was changed or removed since the supporter proved it (the change forgot every other one).
   */
  keepRemembered(
    supporter: Parameters<RememberedSupporters['remember']>[0],
    pending: PendingRemembered,
    at: Date,
  ): boolean {
    if (pending.permanent !== this.#permanent) return false;
    this.remembered.remember(supporter, pending.record, at);
    return true;
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
