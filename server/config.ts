import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';

const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8443),
  dataDir: z.string().min(1).default('./tandem-cloud-data'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type ServerConfig = z.infer<typeof configSchema>;

export const SERVER_USAGE = `Usage: npm run server -- [--host 127.0.0.1] [--port 8443] [--data-dir ./tandem-cloud-data] [--log-level info]
Environment: TANDEM_SERVER_HOST, TANDEM_SERVER_PORT, TANDEM_SERVER_DATA_DIR, TANDEM_LOG_LEVEL (flags win).`;

/** Flags win over environment variables, which win over defaults. */
export function readServerConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new ConfigHelp();
  const parsed = configSchema.safeParse({
    host: values.host ?? env.TANDEM_SERVER_HOST,
    port: values.port ?? env.TANDEM_SERVER_PORT,
    dataDir: values['data-dir'] ?? env.TANDEM_SERVER_DATA_DIR,
    logLevel: values['log-level'] ?? env.TANDEM_LOG_LEVEL,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`The server's configuration is invalid:\n${problems}\n${SERVER_USAGE}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) };
}

export class ConfigHelp extends Error {
  constructor() {
    super(SERVER_USAGE);
  }
}
