import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
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
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down');
    await server.close();
  });
}

void main();
