import { z } from 'zod';
import { meSchema } from '../../../src-shared/domain/accounts';
import { NO_COMPANY_SUPPORTER, type SupporterFacts } from '../../../src-shared/consent/decision';
import { TandemError } from '../../../src-shared/errors';
import { endpointError } from '../cloud/endpointError';
import type { DesktopDatabase } from '../db/desktopDatabase';
import type { SecretProtector } from '../security/secretProtector';

export type Me = z.infer<typeof meSchema>;

/** AC-1 in the desktop app: sign in with the company account; the token is sealed at rest. */
export class AccountService {
  constructor(
    private readonly db: DesktopDatabase,
    private readonly protector: SecretProtector,
    private readonly cloudUrl: string,
  ) {}

  async signIn(email: string, password: string, totp?: string): Promise<Me> {
    const response = await this.#fetch('/api/v1/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, ...(totp ? { totp } : {}) }),
    });
    // A refusal keeps the endpoint's own code (wrong_credentials, totp_required, rate_limited, …)
    // so the user reads what to do, not a generic "sign-in failed".
    if (!response.ok) throw await endpointError(response, 'user');
    const body: unknown = await response.json();
    const { token, expiresAt } = z.object({ token: z.string(), expiresAt: z.string() }).parse(body);
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
    if (token)
      await this.#fetch('/api/v1/auth/sign-out', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      }).catch(() => undefined);
  }

  /** Whether a session is kept here (the endpoint may still have ended it: `me()` asks). */
  signedIn(): boolean {
    return this.#token() !== null;
  }

  /** The signed-in user, or null (signed out, or the session expired or was revoked). */
  async me(): Promise<Me | null> {
    const token = this.#token();
    if (!token) return null;
    const response = await this.#fetch('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    if (response.status === 401) {
      this.db.prepare('DELETE FROM account').run();
      return null;
    }
    if (!response.ok)
      throw new TandemError('cloud_unreachable', `The cloud endpoint answered HTTP ${response.status}.`);
    const me = meSchema.parse(await response.json());
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

  /** A call to the company administration API as the signed-in user; refusals become typed errors. */
  async authorized<T extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body: unknown,
    schema: T,
  ): Promise<z.output<T>> {
    const token = this.#token();
    if (!token) throw new TandemError('signed_out', 'Sign in with your company account first.');
    const response = await this.#fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await endpointError(response, 'user');
    const json: unknown = response.status === 204 ? null : await response.json();
    return schema.parse(json);
  }

  /** The session token, for a request the device signs on the signed-in user's behalf. */
  sessionToken(): string | null {
    return this.#token();
  }

  #token(): string | null {
    const row = this.db.prepare('SELECT token FROM account WHERE singleton = 1').get() as { token: string } | undefined;
    return row ? this.protector.open(row.token) : null;
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(new URL(path, this.cloudUrl), { ...init, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new TandemError('cloud_unreachable', `The cloud endpoint is not reachable: ${(error as Error).message}`);
    }
  }
}
