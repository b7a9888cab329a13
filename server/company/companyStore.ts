import { randomUUID } from 'node:crypto';
import {
  policySettingsSchema,
  type AiSettings,
  type CompanyPolicy,
  type PolicySettings,
  type QuickSupportModule,
} from '../../src-shared/domain/accounts';
import type { HostFacts, SupporterFacts } from '../../src-shared/consent/decision';
import type { ServerDatabase } from '../db/serverDatabase';
import { DeviceMembership } from './deviceMembership';

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

interface ModuleRow {
  id: string;
  company_id: string;
  name: string;
  logo: string | null;
  welcome_text: string;
  insights_enabled: number;
}

/** By name as people read it: "Policy 2" before "Policy 10", case aside. */
const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, 'en', { numeric: true, sensitivity: 'base' });

const moduleOf = (row: ModuleRow): QuickSupportModule => ({
  id: row.id,
  companyId: row.company_id,
  name: row.name,
  logo: row.logo,
  welcomeText: row.welcome_text,
  insightsEnabled: row.insights_enabled === 1,
});

/** A company's AI settings (SI-1 … SI-4), devices and policies (AC-2) and QuickSupport modules (AC-3). */
export class CompanyStore {
  /** Which devices belong to which company, and how they joined (AC-2, DP-2). */
  readonly membership: DeviceMembership;

  constructor(private readonly db: ServerDatabase) {
    this.membership = new DeviceMembership(db, (companyId) => this.name(companyId));
  }

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

  createPolicy(companyId: string, name: string, settings: PolicySettings): string {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO policies (id, company_id, name, settings, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, companyId, name, JSON.stringify(settings), new Date().toISOString());
    return id;
  }

  /** The company's policies, by name, each with how many devices have it assigned. */
  policies(companyId: string): CompanyPolicy[] {
    return (
      this.db
        .prepare(
          `SELECT id, name, settings, version, updated_at,
                  (SELECT count(*) FROM device_policies WHERE device_policies.policy_id = policies.id) AS devices
             FROM policies WHERE company_id = ? ORDER BY name COLLATE NOCASE, id`,
        )
        .all(companyId) as {
        id: string;
        name: string;
        settings: string;
        version: number;
        updated_at: string;
        devices: number;
      }[]
    )
      .map((row) => ({
        id: row.id,
        name: row.name,
        settings: policySettingsSchema.parse(JSON.parse(row.settings)),
        version: row.version,
        updatedAt: row.updated_at,
        devices: row.devices,
      }))
      .sort(byName);
  }

  /** A new version with every change, so decisions name the policy version they used. */
  updatePolicy(companyId: string, policyId: string, settings: PolicySettings, name?: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE policies SET settings = ?, name = coalesce(?, name), version = version + 1, updated_at = ?
            WHERE id = ? AND company_id = ?`,
        )
        .run(JSON.stringify(settings), name ?? null, new Date().toISOString(), policyId, companyId).changes === 1
    );
  }

  /** Removes one of the company's policies; the devices it was assigned to keep none. Null: no such policy. */
  removePolicy(companyId: string, policyId: string): { unassigned: number } | null {
    return this.db.transaction(() => {
      const owned = this.db.prepare('SELECT 1 FROM policies WHERE id = ? AND company_id = ?').get(policyId, companyId);
      if (!owned) return null;
      const unassigned = this.db.prepare('DELETE FROM device_policies WHERE policy_id = ?').run(policyId).changes;
      this.db.prepare('DELETE FROM policies WHERE id = ? AND company_id = ?').run(policyId, companyId);
      return { unassigned };
    })();
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

  module(moduleId: string): QuickSupportModule | null {
    const row = this.db.prepare('SELECT * FROM quicksupport_modules WHERE id = ?').get(moduleId) as
      ModuleRow | undefined;
    return row ? moduleOf(row) : null;
  }

  /** The company's QuickSupport modules, by name. */
  modules(companyId: string): QuickSupportModule[] {
    return (
      this.db
        .prepare('SELECT * FROM quicksupport_modules WHERE company_id = ? ORDER BY name COLLATE NOCASE, id')
        .all(companyId) as ModuleRow[]
    )
      .map(moduleOf)
      .sort(byName);
  }

  updateModule(
    companyId: string,
    moduleId: string,
    input: { name: string; logo: string | null; welcomeText: string; insightsEnabled: boolean },
  ): boolean {
    return (
      this.db
        .prepare(
          `UPDATE quicksupport_modules SET name = ?, logo = ?, welcome_text = ?, insights_enabled = ?, updated_at = ?
            WHERE id = ? AND company_id = ?`,
        )
        .run(
          input.name,
          input.logo,
          input.welcomeText,
          input.insightsEnabled ? 1 : 0,
          new Date().toISOString(),
          moduleId,
          companyId,
        ).changes === 1
    );
  }

  removeModule(companyId: string, moduleId: string): boolean {
    return (
      this.db.prepare('DELETE FROM quicksupport_modules WHERE id = ? AND company_id = ?').run(moduleId, companyId)
        .changes === 1
    );
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
