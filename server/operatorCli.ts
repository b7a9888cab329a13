import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { updateChannelSchema } from '../src-shared/domain/updates';
import { CliExit, createCompanyCommand } from './companyCli';
import { CompanyStore } from './company/companyStore';
import { CreditLedger, MONTHLY_CREDITS, type Plan } from './credits/creditLedger';
import type { EndpointDb } from './db/endpointDb';
import { DATA_LOCATION_USAGE, databaseUrlSchema, withEndpointDb, type DataLocation } from './db/openEndpointDb';
import { RolloutStore } from './updates/rolloutStore';

/**
 * The operator's commands (`npm run server -- <command>`), run on the endpoint's machine against
 * its data folder, also while it runs. What they change concerns every company on the endpoint
 * (the update rollout) or is what a company pays for (credits, plan): decisions no company
 * administrator may make for themselves through the API.
 */
const DATA_DIR = DATA_LOCATION_USAGE;
export const OPERATOR_USAGE = {
  'set-rollout': `Usage: npm run server -- set-rollout --channel stable|beta --percentage 0-100 ${DATA_DIR}
Offers the channel's newest release to this share of devices, on the whole endpoint.`,
  'add-credits': `Usage: npm run server -- add-credits --company COMPANY_ID --amount N ${DATA_DIR}
Adds a purchased pack of N AI credits (valid 12 months) to the company.`,
  'set-plan': `Usage: npm run server -- set-plan --company COMPANY_ID --plan business|premium|corporate|tensor ${DATA_DIR}
The company's plan sets its free AI credits from the next 1st of the month.`,
  'list-companies': `Usage: npm run server -- list-companies ${DATA_DIR}
One JSON line per company: its ID (for add-credits and set-plan), name, plan and AI-credit balance.`,
} as const;

type Options = NonNullable<ParseArgsConfig['options']>;
const dataDirSchema = z.string().min(1).default('./tandem-cloud-data');
const companyIdSchema = z.string({ error: 'name the company (--company COMPANY_ID; list-companies shows them)' });
const planSchema = z.enum(Object.keys(MONTHLY_CREDITS) as [Plan, ...Plan[]], {
  error: `choose a plan (--plan ${Object.keys(MONTHLY_CREDITS).join('|')})`,
});

/** Parses the flags and checks them with `schema`; anything wrong ends with what to fix and the usage. */
function parse<S extends z.ZodType>(
  command: keyof typeof OPERATOR_USAGE,
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: Options,
  schema: S,
): z.output<S> & DataLocation {
  const usage = OPERATOR_USAGE[command];
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...options, 'data-dir': { type: 'string' }, database: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    throw new CliExit(`${(error as Error).message}\n${usage}`);
  }
  if (values.help) throw new CliExit(usage, 0);
  const dataDir = dataDirSchema.safeParse(values['data-dir'] ?? env.TANDEM_SERVER_DATA_DIR);
  const database = databaseUrlSchema.optional().safeParse(values.database ?? env.TANDEM_DATABASE_URL);
  const { database: _database, ...own } = values;
  const parsed = schema.safeParse(own);
  if (!parsed.success || !dataDir.success || !database.success) {
    const issues = [
      ...(parsed.error?.issues ?? []),
      ...(dataDir.error?.issues ?? []),
      ...(database.error?.issues ?? []),
    ];
    throw new CliExit(`Cannot ${command}:\n${issues.map((issue) => `  ${issue.message}`).join('\n')}\n${usage}`);
  }
  return { ...(parsed.data as object), dataDir: resolve(dataDir.data), database: database.data } as z.output<S> &
    DataLocation;
}

async function requireCompany(db: EndpointDb, companyId: string): Promise<void> {
  if (!(await new CompanyStore(db).exists(companyId)))
    throw new CliExit(`No company with the ID ${companyId} on this endpoint; list-companies shows them.`);
}

export async function setRolloutCommand(argv: string[], env: NodeJS.ProcessEnv) {
  const input = parse(
    'set-rollout',
    argv,
    env,
    { channel: { type: 'string' }, percentage: { type: 'string' } },
    z.object({
      channel: z.enum(updateChannelSchema.options, { error: 'choose a channel (--channel stable|beta)' }),
      percentage: z.coerce
        .number({ error: 'give the share of devices (--percentage 0-100)' })
        .int('the percentage is a whole number')
        .min(0, 'the percentage is at least 0')
        .max(100, 'the percentage is at most 100'),
    }),
  );
  await withEndpointDb(input, (db) => new RolloutStore(db).set(input.channel, input.percentage));
  return { event: 'rollout-set', channel: input.channel, percentage: input.percentage };
}

export async function addCreditsCommand(argv: string[], env: NodeJS.ProcessEnv) {
  const input = parse(
    'add-credits',
    argv,
    env,
    { company: { type: 'string' }, amount: { type: 'string' } },
    z.object({
      company: companyIdSchema,
      amount: z.coerce
        .number({ error: 'give the number of credits (--amount N)' })
        .int('the amount is a whole number of credits')
        .min(1, 'the amount is at least 1 credit')
        .max(100_000, 'the amount is at most 100000 credits'),
    }),
  );
  return withEndpointDb(input, async (db) => {
    await requireCompany(db, input.company);
    const ledger = new CreditLedger(db);
    const now = new Date();
    const pack = await ledger.purchase(input.company, input.amount, now);
    return {
      event: 'credits-added',
      companyId: input.company,
      amount: input.amount,
      expiresAt: pack.expiresAt,
      balance: await ledger.balance(input.company, now),
    };
  });
}

export async function setPlanCommand(argv: string[], env: NodeJS.ProcessEnv) {
  const input = parse(
    'set-plan',
    argv,
    env,
    { company: { type: 'string' }, plan: { type: 'string' } },
    z.object({ company: companyIdSchema, plan: planSchema }),
  );
  return withEndpointDb(input, async (db) => {
    await requireCompany(db, input.company);
    await new CreditLedger(db).setPlan(input.company, input.plan, new Date());
    return { event: 'plan-set', companyId: input.company, plan: input.plan };
  });
}

export async function listCompaniesCommand(argv: string[], env: NodeJS.ProcessEnv) {
  const input = parse('list-companies', argv, env, {}, z.object({}));
  return withEndpointDb(input, async (db) => {
    const ledger = new CreditLedger(db);
    const now = new Date();
    const listed = [];
    for (const company of await new CompanyStore(db).list())
      listed.push({ event: 'company', ...company, balance: await ledger.balance(company.id, now) });
    return listed;
  });
}

/** Every operator command by name; each answers with JSON lines for scripts (and tests) to read. */
export const OPERATOR_COMMANDS: Record<string, (argv: string[], env: NodeJS.ProcessEnv) => Promise<unknown>> = {
  'create-company': async (argv, env) => ({ event: 'company-created', ...(await createCompanyCommand(argv, env)) }),
  'set-rollout': setRolloutCommand,
  'add-credits': addCreditsCommand,
  'set-plan': setPlanCommand,
  'list-companies': listCompaniesCommand,
};
