import type { z } from 'zod';
import { accountRoutes } from '../../../src-shared/accounts/contract';
import { meSchema } from '../../../src-shared/domain/accounts';
import { NO_COMPANY_SUPPORTER, type SupporterFacts } from '../../../src-shared/consent/decision';
import { TandemError } from '../../../src-shared/errors';
import type { EndpointClient } from '../cloud/endpointClient';
import type { DesktopDatabase } from '../db/desktopDatabase';
import type { SecretProtector } from '../security/secretProtector';

export type Me = z.infer<typeof meSchema>;

/** AC-1 in the desktop app: sign in with the company account; the token is sealed at rest. */
export class AccountService {
  constructor(
    private readonly db: DesktopDatabase,
    private readonly protector: SecretProtector,
    private readonly cloud: Pick<EndpointClient, 'call'>,
  ) {}

  async signIn(email: string, password: string, totp?: string): Promise<Me> {
    // A refusal keeps the endpoint's own code (wrong_credentials, totp_required, rate_limited, …)
    // so the user reads what to do, not a generic "sign-in failed".
    const { token, expiresAt } = await this.cloud.call(accountRoutes['accounts.signIn'], {
      body: { email, password, ...(totp ? { totp } : {}) },
    });
    this.db
      .prepare(
        `INSERT INTO account (singleton, email, token, expires_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (singleton) DO UPDATE SET email = excluded.email, token = excluded.token, expires_at = excluded.expires_at`,
      )
      .run(email, this.protector.seal(token), expiresAt);
    const me = await this.me();
    if (!me) throw new TandemError('signed_out', 'Signed in, but the cloud endpoint does not know the session.');
    return me;
  }

  async signOut(): Promise<void> {
    const token = this.#token();
    this.db.prepare('DELETE FROM account').run();
    // The token is forgotten here first, so it goes along explicitly.
    if (token) await this.cloud.call(accountRoutes['accounts.signOut'], {}, { bearer: token }).catch(() => undefined);
  }

  /** Whether a session is kept here (the endpoint may still have ended it: `me()` asks). */
  signedIn(): boolean {
    return this.#token() !== null;
  }

  /** The signed-in user, or null (signed out, or the session expired or was revoked). */
  async me(): Promise<Me | null> {
    if (!this.#token()) return null;
    let me: Me;
    try {
      me = await this.cloud.call(accountRoutes['accounts.me'], {});
    } catch (error) {
      if (!(error instanceof TandemError)) throw error;
      // The endpoint refused the session (a 401): it ended, so it is forgotten here as well.
      if (error.code === 'signed_out') {
        this.db.prepare('DELETE FROM account').run();
        return null;
      }
      // Any other failure leaves the session as it is; `current()` then works offline.
      throw new TandemError('cloud_unreachable', error.message);
    }
    this.db.prepare('UPDATE account SET me = ? WHERE singleton = 1').run(JSON.stringify(me));
    return me;
  }

  /** The user as the endpoint last confirmed them, for working offline; null when signed out. */
  lastKnown(): Me | null {
    const row = this.db.prepare('SELECT me FROM account WHERE singleton = 1').get() as
      { me: string | null } | undefined;
    const parsed = row?.me ? meSchema.safeParse(JSON.parse(row.me)) : null;
    return parsed?.success ? parsed.data : null;
  }

  /** The signed-in user; offline, the one last confirmed. */
  async current(): Promise<Me | null> {
    try {
      return await this.me();
    } catch (error) {
      if (error instanceof TandemError && error.code === 'cloud_unreachable') return this.lastKnown();
      throw error;
    }
  }

  /** This user's side of consent decisions; with no company account, nothing is ever logged. */
  async supporterFacts(): Promise<{ facts: SupporterFacts; ownerName: string | null; language: 'en' | 'de' }> {
    try {
      const me = await this.me();
      return me
        ? { facts: me.supporterFacts, ownerName: me.companyName, language: me.summaryLanguage }
        : { facts: NO_COMPANY_SUPPORTER, ownerName: null, language: 'en' };
    } catch {
      return { facts: NO_COMPANY_SUPPORTER, ownerName: null, language: 'en' };
    }
  }

  /** The session token, for a request the device signs on the signed-in user's behalf. */
  sessionToken(): string | null {
    return this.#token();
  }

  #token(): string | null {
    const row = this.db.prepare('SELECT token FROM account WHERE singleton = 1').get() as { token: string } | undefined;
    return row ? this.protector.open(row.token) : null;
  }
}
