import { randomUUID } from 'node:crypto';
import {
  policySettingsSchema,
  type AiSettings,
  type CompanyPolicy,
  type PolicySettings,
  type QuickSupportModule,
} from '../../src-shared/domain/accounts';
import type { HostFacts, SupporterFacts } from '../../src-shared/consent/decision';
import type { Selectable, Updateable } from 'kysely';
import type { Plan } from '../credits/creditLedger';
import { lockForUpdate } from '../db/dialect';
import type { EndpointDb, Queries } from '../db/endpointDb';
import type { EndpointSchema } from '../db/schema';
import { DeviceMembership } from './deviceMembership';

type ModuleRow = Selectable<EndpointSchema['quicksupport_modules']>;

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

const AI_COLUMNS = [
  'ai_activated_at',
  'ai_terms_accepted_by',
  'outgoing_enabled',
  'outgoing_scope',
  'incoming_enabled',
  'incoming_scope',
  'summary_language',
] as const;

const aiSettingsOf = (row: Pick<Selectable<EndpointSchema['companies']>, (typeof AI_COLUMNS)[number]>): AiSettings => ({
  activated: row.ai_activated_at !== null,
  activatedAt: row.ai_activated_at,
  termsAcceptedBy: row.ai_terms_accepted_by,
  outgoing: { enabled: row.outgoing_enabled === 1, scope: row.outgoing_scope },
  incoming: { enabled: row.incoming_enabled === 1, scope: row.incoming_scope },
  language: row.summary_language,
});

type ModuleInput = { name: string; logo: string | null; welcomeText: string; insightsEnabled: boolean };

/** A company's AI settings (SI-1 … SI-4), devices and policies (AC-2) and QuickSupport modules (AC-3). */
export class CompanyStore {
  /** Which devices belong to which company, and how they joined (AC-2, DP-2). */
  readonly membership: DeviceMembership;

  constructor(private readonly db: EndpointDb) {
    this.membership = new DeviceMembership(db);
  }

  async name(companyId: string): Promise<string> {
    return (
      await this.db.query.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirstOrThrow()
    ).name;
  }

  async exists(companyId: string): Promise<boolean> {
    const row = await this.db.query.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
    return row !== undefined;
  }

  /** The operator's list of every company on the endpoint, oldest first. */
  list(): Promise<{ id: string; name: string; plan: Plan }[]> {
    return this.db.query.selectFrom('companies').select(['id', 'name', 'plan']).orderBy('created_at').execute();
  }

  async aiSettings(companyId: string, queries: Queries = this.db.query): Promise<AiSettings> {
    return aiSettingsOf(
      await queries.selectFrom('companies').select(AI_COLUMNS).where('id', '=', companyId).executeTakeFirstOrThrow(),
    );
  }

  /** Activation needs the terms accepted; who accepted them, and when, is recorded. */
  updateAiSettings(
    companyId: string,
    change: { activate?: { acceptTerms: true; termsVersion: string }; deactivate?: true } & Partial<
      Pick<AiSettings, 'outgoing' | 'incoming' | 'language'>
    >,
    by: string,
  ): Promise<AiSettings> {
    return this.db.transaction(async (trx) => {
      const update = (values: Updateable<EndpointSchema['companies']>) =>
        trx.updateTable('companies').set(values).where('id', '=', companyId).execute();
      if (change.activate) {
        await update({
          ai_activated_at: new Date().toISOString(),
          ai_terms_accepted_by: by,
          ai_terms_version: change.activate.termsVersion,
        });
      }
      if (change.deactivate) await update({ ai_activated_at: null });
      if (change.outgoing)
        await update({ outgoing_enabled: change.outgoing.enabled ? 1 : 0, outgoing_scope: change.outgoing.scope });
      if (change.incoming)
        await update({ incoming_enabled: change.incoming.enabled ? 1 : 0, incoming_scope: change.incoming.scope });
      if (change.language) await update({ summary_language: change.language });
      return this.aiSettings(companyId, trx);
    });
  }

  async createPolicy(companyId: string, name: string, settings: PolicySettings): Promise<string> {
    const id = randomUUID();
    await this.db.query
      .insertInto('policies')
      .values({
        id,
        company_id: companyId,
        name,
        settings: JSON.stringify(settings),
        updated_at: new Date().toISOString(),
      })
      .execute();
    return id;
  }

  /** The company's policies, by name, each with how many devices have it assigned. */
  async policies(companyId: string): Promise<CompanyPolicy[]> {
    const rows = await this.db.query
      .selectFrom('policies')
      .select((eb) => [
        'id',
        'name',
        'settings',
        'version',
        'updated_at',
        eb
          .selectFrom('device_policies')
          .select((count) => count.fn.countAll<number>().as('n'))
          .whereRef('device_policies.policy_id', '=', 'policies.id')
          .as('devices'),
      ])
      .where('company_id', '=', companyId)
      .orderBy('id')
      .execute();
    return rows
      .map((row) => ({
        id: row.id,
        name: row.name,
        settings: policySettingsSchema.parse(JSON.parse(row.settings)),
        version: row.version,
        updatedAt: row.updated_at,
        devices: row.devices ?? 0,
      }))
      .sort(byName);
  }

  /** A new version with every change, so decisions name the policy version they used. */
  async updatePolicy(companyId: string, policyId: string, settings: PolicySettings, name?: string): Promise<boolean> {
    const result = await this.db.query
      .updateTable('policies')
      .set((eb) => ({
        settings: JSON.stringify(settings),
        ...(name === undefined ? {} : { name }),
        version: eb('version', '+', 1),
        updated_at: new Date().toISOString(),
      }))
      .where('id', '=', policyId)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Removes one of the company's policies; the devices it was assigned to keep none. Null: no such policy. */
  removePolicy(companyId: string, policyId: string): Promise<{ unassigned: number } | null> {
    return this.db.transaction(async (trx) => {
      // Held to the commit: an administrator assigning it meanwhile waits and then finds it gone.
      const owned = await lockForUpdate(
        this.db.engine,
        trx.selectFrom('policies').select('id').where('id', '=', policyId).where('company_id', '=', companyId),
      ).executeTakeFirst();
      if (!owned) return null;
      const unassigned = await trx.deleteFrom('device_policies').where('policy_id', '=', policyId).executeTakeFirst();
      await trx.deleteFrom('policies').where('id', '=', policyId).execute();
      return { unassigned: Number(unassigned.numDeletedRows) };
    });
  }

  /** Policies go only to the company's managed devices. */
  assignPolicy(companyId: string, deviceId: string, policyId: string): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      // The device's row is held so that it cannot leave the company between this check and the assignment.
      const device = await lockForUpdate(
        this.db.engine,
        trx.selectFrom('devices').select(['company_id', 'managed']).where('device_id', '=', deviceId),
      ).executeTakeFirst();
      const policy = await lockForUpdate(
        this.db.engine,
        trx.selectFrom('policies').select('company_id').where('id', '=', policyId),
      ).executeTakeFirst();
      if (!device || device.company_id !== companyId || device.managed !== 1 || policy?.company_id !== companyId)
        return false;
      await trx
        .insertInto('device_policies')
        .values({ device_id: deviceId, policy_id: policyId })
        .onConflict((conflict) => conflict.column('device_id').doUpdateSet({ policy_id: policyId }))
        .execute();
      return true;
    });
  }

  async createModule(companyId: string, input: ModuleInput): Promise<string> {
    const id = randomUUID();
    await this.db.query
      .insertInto('quicksupport_modules')
      .values({ id, company_id: companyId, ...moduleColumns(input), updated_at: new Date().toISOString() })
      .execute();
    return id;
  }

  async module(moduleId: string): Promise<QuickSupportModule | null> {
    const row = await this.db.query
      .selectFrom('quicksupport_modules')
      .selectAll()
      .where('id', '=', moduleId)
      .executeTakeFirst();
    return row ? moduleOf(row) : null;
  }

  /** The company's QuickSupport modules, by name. */
  async modules(companyId: string): Promise<QuickSupportModule[]> {
    const rows = await this.db.query
      .selectFrom('quicksupport_modules')
      .selectAll()
      .where('company_id', '=', companyId)
      .orderBy('id')
      .execute();
    return rows.map(moduleOf).sort(byName);
  }

  async updateModule(companyId: string, moduleId: string, input: ModuleInput): Promise<boolean> {
    const result = await this.db.query
      .updateTable('quicksupport_modules')
      .set({ ...moduleColumns(input), updated_at: new Date().toISOString() })
      .where('id', '=', moduleId)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async removeModule(companyId: string, moduleId: string): Promise<boolean> {
    const result = await this.db.query
      .deleteFrom('quicksupport_modules')
      .where('id', '=', moduleId)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  /** The host side of a consent decision, as the cloud endpoint knows it: one read, so its parts agree. */
  async hostFacts(deviceId: string): Promise<
    Omit<HostFacts, 'accessControl' | 'quickSupportModule'> & {
      policySettings: PolicySettings | null;
      summaryLanguage: 'en' | 'de';
    }
  > {
    const row = await this.db.query
      .selectFrom('devices as d')
      .innerJoin('companies as c', 'c.id', 'd.company_id')
      .leftJoin('device_policies as dp', 'dp.device_id', 'd.device_id')
      .leftJoin('policies as p', 'p.id', 'dp.policy_id')
      .select(AI_COLUMNS.map((column) => `c.${column}` as const))
      .select(['d.company_id', 'd.managed', 'p.settings', 'p.version'])
      .where('d.device_id', '=', deviceId)
      .executeTakeFirst();
    if (!row?.company_id) {
      return {
        companyId: null,
        aiActivated: false,
        incoming: { enabled: false, scope: 'all_company_devices' },
        deviceOfCompany: false,
        managed: false,
        policy: null,
        policySettings: null,
        summaryLanguage: 'en',
      };
    }
    const ai = aiSettingsOf(row);
    const settings = row.settings === null ? null : policySettingsSchema.parse(JSON.parse(row.settings));
    return {
      companyId: row.company_id,
      aiActivated: ai.activated,
      incoming: ai.incoming,
      deviceOfCompany: true,
      managed: row.managed === 1,
      policy:
        settings?.sessionInsights && row.version !== null
          ? {
              sessionInsights: settings.sessionInsights.value,
              enforced: settings.sessionInsights.enforced,
              userDisabled: false,
              version: row.version,
            }
          : null,
      policySettings: settings,
      summaryLanguage: ai.language,
    };
  }

  /** The supporter side of a consent decision, for a signed-in user. */
  async supporterFacts(companyId: string, logSessions: boolean): Promise<SupporterFacts> {
    const ai = await this.aiSettings(companyId);
    return { companyId, aiActivated: ai.activated, outgoing: ai.outgoing, userLogging: logSessions };
  }
}

function moduleColumns(input: ModuleInput) {
  return {
    name: input.name,
    logo: input.logo,
    welcome_text: input.welcomeText,
    insights_enabled: input.insightsEnabled ? 1 : 0,
  };
}
