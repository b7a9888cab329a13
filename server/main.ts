import closeWithGrace from 'close-with-grace';
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { readSetupToken, setupTokenPath } from './accounts/setupToken';
import { startServer } from './app';
import { CliExit, createCompanyCommand } from './companyCli';
import { ConfigHelp, readServerConfig } from './config';

/** `npm run server`: the cloud endpoint on its own, for a company to run; `create-company` adds a company. */
async function main(): Promise<void> {
  if (process.argv[2] === 'create-company') {
    try {
      const created = await createCompanyCommand(process.argv.slice(3), process.env);
      process.stdout.write(`${JSON.stringify({ event: 'company-created', ...created })}\n`);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(error instanceof CliExit ? error.code : 1);
    }
    return;
  }
  let config;
  try {
    config = readServerConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(error instanceof ConfigHelp ? 0 : 2);
  }
  const logger = pino({ name: 'tandem-cloud', level: config.logLevel });
  const server = await startServer({ ...config, logger });
  logger.info({ url: server.url, dataDir: config.dataDir }, 'Tandem cloud endpoint listening');
  // A machine-readable line for scripts and tests that start the server with --port 0.
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: server.url })}\n`);
  printSetupToken(config.dataDir);
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down');
    await server.close();
  });
}

/**
 * First start: whoever runs the endpoint learns the setup token. Its file is 0600; the token itself
 * goes only to a terminal, never into a log that output may be collected into.
 */
function printSetupToken(dataDir: string): void {
  const file = setupTokenPath(dataDir);
  if (!existsSync(file)) return;
  process.stdout.write(`${JSON.stringify({ event: 'setup-token', file })}\n`);
  if (process.stdout.isTTY) {
    process.stdout.write(`Set up this endpoint's first company with the setup token ${readSetupToken(dataDir)}\n`);
  }
}

void main();
