import closeWithGrace from 'close-with-grace';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readSetupToken, setupTokenPath } from './accounts/setupToken';
import { startServer } from './app';
import { DataFolderError } from './security/dataFolder';
import { createEndpointLogger } from './security/endpointLogger';
import { SecretKeyError } from './security/secretBox';
import { RedisUnreachableError } from './shared/redisLink';
import { DatabaseConnectionError } from './db/openPostgres';
import { GeoipError } from './liveview/geoip';
import { RecordingsS3Error } from './video/recordingBytesS3';
import { CliExit } from './companyCli';
import { ConfigHelp, readServerConfig } from './config';
import { OPERATOR_COMMANDS } from './operatorCli';

/**
 * `npm run server`: the cloud endpoint on its own; `npm run server -- <command>` runs one of the
 * operator's commands (create-company, set-rollout, add-credits, set-plan, list-companies).
 */
async function main(): Promise<void> {
  const command = Object.hasOwn(OPERATOR_COMMANDS, process.argv[2] ?? '') ? OPERATOR_COMMANDS[process.argv[2]!] : null;
  if (command) {
    try {
      const result = await command(process.argv.slice(3), process.env);
      for (const line of Array.isArray(result) ? result : [result]) process.stdout.write(`${JSON.stringify(line)}\n`);
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
    // Asked-for help goes to standard output; a bad configuration to standard error.
    (error instanceof ConfigHelp ? process.stdout : process.stderr).write(`${(error as Error).message}\n`);
    process.exit(error instanceof ConfigHelp ? 0 : 2);
  }
  const logger = createEndpointLogger({ level: config.logLevel });
  let server;
  try {
    // The web console comes from the same build: out/server/main.cjs beside out/renderer.
    server = await startServer({ ...config, logger, consoleDir: join(__dirname, '..', 'renderer') });
  } catch (error) {
    // A missing or wrong secret key, a data folder that cannot be made private, the database, Redis
    // or the recordings' bucket not answering: the operator's to fix.
    if (!(
      error instanceof SecretKeyError ||
      error instanceof DataFolderError ||
      error instanceof RedisUnreachableError ||
      error instanceof DatabaseConnectionError ||
      error instanceof GeoipError ||
      error instanceof RecordingsS3Error
    )) {
      throw error;
    }
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  // The endpoint's own logger: its lines carry this instance's name.
  const log = server.app.log;
  log.info({ url: server.url, dataDir: config.dataDir }, 'Tandem cloud endpoint listening');
  // A machine-readable line for scripts and tests that start the server with --port 0.
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: server.url })}\n`);
  printSetupToken(config.dataDir);
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'shutting down after an error');
    else log.info({ signal }, 'shutting down');
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
