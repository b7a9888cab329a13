import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { policySettingsSchema, type AiSettings, type PolicySettings } from '../../src-shared/domain/accounts';
import type { HostFacts, SupporterFacts } from '../../src-shared/consent/decision';
import type { ServerDatabase } from '../db/serverDatabase';

interface CompanyRow {
  id: string;
  ai_activated_at: string | null;
  ai_terms_accepted_by: string | null;
  outgoing_enabled: number;
  outgoing_scope: AiSettings['outgoing']['scope'];
  incoming_enabled: number;
  incoming_scope: AiSettings['incoming']['scope'];
  summary_language: 'en' | 'de';
}

/** A company's AI settings (SI-1 … SI-4), devices and policies (AC-2) and QuickSupport modules (AC-3). */
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export class CompanyStore {
  constructor(private readonly db: ServerDatabase) {}

  name(companyId: string): string {
    return (this.db.prepare('SELECT name FROM companies WHERE id = ?').get(companyId) as { name: string }).name;
  }

  aiSettings(companyId: string): AiSettings {
    const row = this.db.prepare('SELECT * FROM companies WHERE id = ?').get(companyId) as CompanyRow;
    return {
      activated: row.ai_activated_at !== null,
      activatedAt: row.ai_activated_at,
      termsAcceptedBy: row.ai_terms_accepted_by,
      outgoing: { enabled: row.outgoing_enabled === 1, scope: row.outgoing_scope },
      incoming: { enabled: row.incoming_enabled === 1, scope: row.incoming_scope },
      language: row.summary_language,
    };
  }

  /** Activation needs the terms accepted; who accepted them, and when, is recorded. */
  updateAiSettings(
    companyId: string,
    change: { activate?: { acceptTerms: true; termsVersion: string }; deactivate?: true } & Partial<
      Pick<AiSettings, 'outgoing' | 'incoming' | 'language'>
    >,
    by: string,
  ): AiSettings {
    this.db.transaction(() => {
      if (change.activate) {
        this.db
          .prepare(
            'UPDATE companies SET ai_activated_at = ?, ai_terms_accepted_by = ?, ai_terms_version = ? WHERE id = ?',
          )
          .run(new Date().toISOString(), by, change.activate.termsVersion, companyId);
      }
      if (change.deactivate) this.db.prepare('UPDATE companies SET ai_activated_at = NULL WHERE id = ?').run(companyId);
      if (change.outgoing) {
        this.db
          .prepare('UPDATE companies SET outgoing_enabled = ?, outgoing_scope = ? WHERE id = ?')
          .run(change.outgoing.enabled ? 1 : 0, change.outgoing.scope, companyId);
      }
      if (change.incoming) {
        this.db
          .prepare('UPDATE companies SET incoming_enabled = ?, incoming_scope = ? WHERE id = ?')
          .run(change.incoming.enabled ? 1 : 0, change.incoming.scope, companyId);
      }
      if (change.language)
        this.db.prepare('UPDATE companies SET summary_language = ? WHERE id = ?').run(change.language, companyId);
    })();
    return this.aiSettings(companyId);
  }

  /** AC-2: a registered device joins the company, managed or not. */
  assignDevice(companyId: string, deviceId: string, managed: boolean): boolean {
    const result = this.db
      .prepare(
        'UPDATE devices SET company_id = ?, managed = ? WHERE device_id = ? AND (company_id IS NULL OR company_id = ?)',
      )
      .run(companyId, managed ? 1 : 0, deviceId, companyId);
    return result.changes === 1;
  }

  /** DP-2: a token for IT's managed configuration; shown once, valid for `days`. */
  createEnrollmentToken(companyId: string, name: string, days: number, now = new Date()) {
    const token = `enrol_${randomBytes(24).toString('base64url')}`;
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
    this.db
      .prepare(
        'INSERT INTO enrollment_tokens (id, company_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, companyId, name, sha256(token), now.toISOString(), expiresAt);
    return { id, name, createdAt: now.toISOString(), expiresAt, uses: 0, token };
  }

  enrollmentTokens(companyId: string) {
    return (
      this.db
        .prepare(
          'SELECT id, name, created_at, expires_at, uses FROM enrollment_tokens WHERE company_id = ? AND revoked_at IS NULL ORDER BY created_at',
        )
        .all(companyId) as { id: string; name: string; created_at: string; expires_at: string; uses: number }[]
    ).map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      uses: row.uses,
    }));
  }

  revokeEnrollmentToken(companyId: string, id: string, now = new Date()): boolean {
    return (
      this.db
        .prepare('UPDATE enrollment_tokens SET revoked_at = ? WHERE company_id = ? AND id = ? AND revoked_at IS NULL')
        .run(now.toISOString(), companyId, id).changes > 0
    );
  }

  /**
   * DP-2: a device presenting a valid token joins that company as a managed device. Returns the
   * company, or why not: an unknown, revoked or expired token, or a device of another company.
   */
  enroll(
    deviceId: string,
    token: string,
    now = new Date(),
  ): { companyId: string; companyName: string } | 'invalid' | 'taken' {
    return this.db.transaction(() => {
      const row = this.db
        .prepare(
          `SELECT t.id, t.company_id, c.name FROM enrollment_tokens t JOIN companies c ON c.id = t.company_id
            WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?`,
        )
        .get(sha256(token), now.toISOString()) as { id: string; company_id: string; name: string } | undefined;
      if (!row) return 'invalid' as const;
      if (!this.assignDevice(row.company_id, deviceId, true)) return 'taken' as const;
      this.db.prepare('UPDATE enrollment_tokens SET uses = uses + 1 WHERE id = ?').run(row.id);
      return { companyId: row.company_id, companyName: row.name };
    })();
  }

  createPolicy(companyId: string, name: string, settings: PolicySettings): string {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO policies (id, company_id, name, settings, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, companyId, name, JSON.stringify(settings), new Date().toISOString());
    return id;
  }

  /** A new version with every change, so decisions name the policy version they used. */
  updatePolicy(companyId: string, policyId: string, settings: PolicySettings): boolean {
    return (
      this.db
        .prepare(
          'UPDATE policies SET settings = ?, version = version + 1, updated_at = ? WHERE id = ? AND company_id = ?',
        )
        .run(JSON.stringify(settings), new Date().toISOString(), policyId, companyId).changes === 1
    );
  }

  /** Policies go only to the company's managed devices. */
  assignPolicy(companyId: string, deviceId: string, policyId: string): boolean {
    const device = this.db.prepare('SELECT company_id, managed FROM devices WHERE device_id = ?').get(deviceId) as
      { company_id: string | null; managed: number } | undefined;
    const policy = this.db.prepare('SELECT company_id FROM policies WHERE id = ?').get(policyId) as
      { company_id: string } | undefined;
    if (!device || device.company_id !== companyId || device.managed !== 1 || policy?.company_id !== companyId)
      return false;
    this.db
      .prepare(
        'INSERT INTO device_policies (device_id, policy_id) VALUES (?, ?) ON CONFLICT (device_id) DO UPDATE SET policy_id = excluded.policy_id',
      )
      .run(deviceId, policyId);
    return true;
  }

  createModule(
    companyId: string,
    input: { name: string; logo: string | null; welcomeText: string; insightsEnabled: boolean },
  ): string {
    const id = randomUUID();
    this.db
      .prepare(
        'INSERT INTO quicksupport_modules (id, company_id, name, logo, welcome_text, insights_enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        companyId,
        input.name,
        input.logo,
        input.welcomeText,
        input.insightsEnabled ? 1 : 0,
        new Date().toISOString(),
      );
    return id;
  }

  module(moduleId: string) {
    const row = this.db.prepare('SELECT * FROM quicksupport_modules WHERE id = ?').get(moduleId) as
      | {
          id: string;
          company_id: string;
          name: string;
          logo: string | null;
          welcome_text: string;
          insights_enabled: number;
        }
      | undefined;
    return row
      ? {
          id: row.id,
          companyId: row.company_id,
          name: row.name,
          logo: row.logo,
          welcomeText: row.welcome_text,
          insightsEnabled: row.insights_enabled === 1,
        }
      : null;
  }

  /** The host side of a consent decision, as the cloud endpoint knows it. */
  hostFacts(deviceId: string): Omit<HostFacts, 'accessControl' | 'quickSupportModule'> & {
    policySettings: PolicySettings | null;
    summaryLanguage: 'en' | 'de';
  } {
    const device = this.db.prepare('SELECT company_id, managed FROM devices WHERE device_id = ?').get(deviceId) as {
      company_id: string | null;
      managed: number;
    };
    const none = {
      companyId: null,
      aiActivated: false,
      incoming: { enabled: false, scope: 'all_company_devices' as const },
      deviceOfCompany: false,
      managed: false,
      policy: null,
      policySettings: null,
      summaryLanguage: 'en' as const,
    };
    if (!device.company_id) return none;
    const ai = this.aiSettings(device.company_id);
    const assigned = this.db
      .prepare(
        'SELECT policies.settings, policies.version FROM device_policies JOIN policies ON policies.id = device_policies.policy_id WHERE device_id = ?',
      )
      .get(deviceId) as { settings: string; version: number } | undefined;
    const settings = assigned ? policySettingsSchema.parse(JSON.parse(assigned.settings)) : null;
    return {
      companyId: device.company_id,
      aiActivated: ai.activated,
      incoming: ai.incoming,
      deviceOfCompany: true,
      managed: device.managed === 1,
      policy:
        settings?.sessionInsights && assigned
          ? {
              sessionInsights: settings.sessionInsights.value,
              enforced: settings.sessionInsights.enforced,
              userDisabled: false,
              version: assigned.version,
            }
          : null,
      policySettings: settings,
      summaryLanguage: ai.language,
    };
  }

  /** The supporter side of a consent decision, for a signed-in user. */
  supporterFacts(companyId: string, logSessions: boolean): SupporterFacts {
    const ai = this.aiSettings(companyId);
    return { companyId, aiActivated: ai.activated, outgoing: ai.outgoing, userLogging: logSessions };
  }
}
