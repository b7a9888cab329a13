import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AccountStore, type NewCompany } from './accounts/accountStore';
import type { EndpointDb } from './db/endpointDb';
import { DATA_LOCATION_USAGE, databaseUrlSchema, withEndpointDb } from './db/openEndpointDb';

export const CREATE_COMPANY_USAGE = `Usage: npm run server -- create-company --company NAME --admin-name NAME --admin-email EMAIL
       ${DATA_LOCATION_USAGE}
The administrator's password is read from TANDEM_ADMIN_PASSWORD (never from the command line, where
other users of the machine could read it). Works while the endpoint runs.`;

const inputSchema = z.object({
  dataDir: z.string().min(1).default('./tandem-cloud-data'),
  database: databaseUrlSchema.optional(),
  company: z.string().trim().min(1, 'give the company a name (--company)').max(120),
  name: z.string().trim().min(1, "give the administrator's name (--admin-name)").max(120),
  email: z.email('give the administrator an e-mail address (--admin-email)').max(254),
  password: z
    .string({ error: 'set TANDEM_ADMIN_PASSWORD to the administrator’s first password' })
    .min(10, 'TANDEM_ADMIN_PASSWORD needs at least 10 characters')
    .max(200),
});

/** Ends the command with a message for the operator: usage (code 0 for --help) or what to fix (2). */
export class CliExit extends Error {
  constructor(
    message: string,
    readonly code: 0 | 2 = 2,
  ) {
    super(message);
  }
}

/**
 * `create-company`: one more company on an endpoint that already has one (a managed-service
 * provider hosting several customers). `/api/v1/setup` creates only the first; the others are the
 * operator's decision, made on the server itself rather than through a public route.
 */
export async function createCompanyCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ companyId: string; userId: string }> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        company: { type: 'string' },
        'admin-name': { type: 'string' },
        'admin-email': { type: 'string' },
        'data-dir': { type: 'string' },
        database: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new CliExit(`${(error as Error).message}\n${CREATE_COMPANY_USAGE}`);
  }
  if (values.help) throw new CliExit(CREATE_COMPANY_USAGE, 0);
  const parsed = inputSchema.safeParse({
    dataDir: values['data-dir'] ?? env.TANDEM_SERVER_DATA_DIR,
    database: values.database ?? env.TANDEM_DATABASE_URL,
    company: values.company,
    name: values['admin-name'],
    email: values['admin-email'],
    password: env.TANDEM_ADMIN_PASSWORD,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.message}`).join('\n');
    throw new CliExit(`Cannot create the company:\n${problems}\n${CREATE_COMPANY_USAGE}`);
  }
  const { dataDir, database, ...input } = parsed.data;
  return withEndpointDb({ dataDir: resolve(dataDir), database }, (data) => createCompanyOn(data, input));
}

/** The command's work on an endpoint database already open, whichever engine holds it. */
export async function createCompanyOn(
  data: EndpointDb,
  input: NewCompany,
): Promise<{ companyId: string; userId: string }> {
  const accounts = new AccountStore(data);
  if (await accounts.emailInUse(input.email)) {
    throw new CliExit(`${input.email} already has an account on this endpoint; choose another address.`);
  }
  const { companyId, userId } = await accounts.createCompany(input);
  return { companyId, userId };
}
