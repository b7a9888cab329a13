import closeWithGrace from 'close-with-grace';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../../server/app';
import { bootCore } from '../core/boot';
import { createLogger } from '../core/logger';
import { startBridge } from './bridgeServer';
import { APP_VERSION } from '../core/version';

const USAGE = `Usage: npm run browser -- [--data-dir DIR] [--cloud-url URL] [--port N] [--renderer-dir DIR] [--allow-origin ORIGIN]
Runs Tandem's main core in Node and serves the renderer on 127.0.0.1 for any Chromium browser.`;

/** Browser mode: the main core behind the loopback bridge, no Electron binary needed. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'cloud-url': { type: 'string' },
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = resolve(values['data-dir'] ?? process.env.TANDEM_DATA_DIR ?? join(homedir(), '.tandem-browser'));
  mkdirSync(dataDir, { recursive: true });
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, not "${values.port}".`);
  const log = createLogger({ name: 'tandem-main' });

  const booted = await bootCore({
    dataDir,
    runtime: 'browser',
    version: APP_VERSION,
    cloudUrl: values['cloud-url'] ?? process.env.TANDEM_CLOUD_URL,
    log,
    startEmbeddedCloud: (cloudDir) => startServer({ dataDir: cloudDir, logger: log.child({ name: 'tandem-cloud' }) }),
  });
  const bridge = await startBridge({
    core: booted.core,
    log,
    port,
    rendererDir: resolve(values['renderer-dir'] ?? join(__dirname, '..', 'renderer')),
    allowedOrigins: values['allow-origin'] ?? [],
  });
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', url: bridge.pageUrl, cloudUrl: booted.cloudUrl, dataDir })}\n`,
  );
  closeWithGrace({ delay: 5000 }, async () => {
    await bridge.close();
    await booted.shutdown();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Tandem could not start in browser mode: ${(error as Error).message}\n`);
  process.exit(1);
});
