import closeWithGrace from 'close-with-grace';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../../server/app';
import { bootCore } from '../core/boot';
import { createLogger } from '../core/logger';
import { makePrivateDir } from '../core/security/privateFiles';
import { configFromJson, readManagedConfig, startupChoices } from '../core/managed/managedConfig';
import { APP_VERSION } from '../core/version';
import { startBridge } from './bridgeServer';

const USAGE = `Usage: npm run browser -- [--data-dir DIR] [--cloud-url URL] [--port N] [--renderer-dir DIR | --dev-server URL] [--module ID]
                            [--managed-config FILE]
Runs Tandem's main core in Node and serves the renderer on 127.0.0.1 for any Chromium browser.
--managed-config reads IT's settings from FILE (policy.json format) instead of this computer's
registry, managed preferences or /etc/tandem/policy.json.
Environment: TANDEM_DATA_DIR, TANDEM_CLOUD_URL, TANDEM_LOG_LEVEL, TANDEM_MANAGED_CONFIG (flags win),
             TANDEM_PROMPT_SECONDS (how long the incoming-connection prompt waits; default 30),
             TANDEM_CONSENT_SECONDS (how long the Session Insights pop-up waits; default 30),
             TANDEM_RECORDING_UPLOAD_CHUNK_BYTES (the largest body of one PATCH of a recording's upload,
             for a proxy with a body limit: 16 KiB to 64 MiB; default 8 MiB; the desktop app reads it too).`;

/** Browser mode: the main core behind the loopback bridge, no Electron binary needed. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'cloud-url': { type: 'string' },
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
      'dev-server': { type: 'string' },
      module: { type: 'string' },
      'managed-config': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = resolve(values['data-dir'] ?? process.env.TANDEM_DATA_DIR ?? join(homedir(), '.tandem-browser'));
  makePrivateDir(dataDir);
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".\n${USAGE}`);
  }
  const log = createLogger({ name: 'tandem-main' });
  const promptSeconds = Number(process.env.TANDEM_PROMPT_SECONDS ?? 30);
  const consentSeconds = Number(process.env.TANDEM_CONSENT_SECONDS ?? 30);
  if (!Number.isInteger(consentSeconds) || consentSeconds < 3 || consentSeconds > 600) {
    throw new Error('TANDEM_CONSENT_SECONDS must be a whole number from 3 to 600.');
  }
  if (!Number.isInteger(promptSeconds) || promptSeconds < 3 || promptSeconds > 600) {
    throw new Error('TANDEM_PROMPT_SECONDS must be a whole number from 3 to 600.');
  }

  const managedFile = values['managed-config'] ?? process.env.TANDEM_MANAGED_CONFIG;
  const managed = managedFile
    ? { config: configFromJson(await readFile(managedFile, 'utf8'), managedFile), sources: [managedFile] }
    : await readManagedConfig();
  if (managed.sources.length > 0) log.info({ sources: managed.sources }, 'managed configuration applied');
  const chosen = startupChoices(managed.config, {
    cloudUrl: values['cloud-url'] ?? process.env.TANDEM_CLOUD_URL,
    quickSupportModule: values.module ?? process.env.TANDEM_QUICKSUPPORT_MODULE,
  });

  const booted = await bootCore({
    dataDir,
    runtime: 'browser',
    version: APP_VERSION,
    cloudUrl: chosen.cloudUrl,
    log,
    sessionPolicy: { promptMs: promptSeconds * 1000, consentPromptMs: consentSeconds * 1000 },
    quickSupportModuleId: chosen.quickSupportModule,
    managed: managed.config,
    readWorkerFile: join(__dirname, 'summaryReadWorker.cjs'),
    startEmbeddedCloud: (cloudDir) => startServer({ dataDir: cloudDir, logger: log.child({ component: 'cloud' }) }),
  });
  // With a dev server, Vite serves the renderer and the page reaches the bridge across origins.
  const devServer = values['dev-server'] ? new URL(values['dev-server']) : null;
  const bridge = await startBridge({
    core: booted.core,
    cloudUrl: () => booted.cloudUrl,
    log,
    port,
    rendererDir: devServer ? undefined : resolve(values['renderer-dir'] ?? join(__dirname, '..', 'renderer')),
    allowedOrigins: devServer ? [devServer.origin] : [],
  });
  const url = devServer
    ? `${devServer.origin}/#secret=${bridge.secret}&bridge=${encodeURIComponent(bridge.wsUrl)}`
    : bridge.pageUrl;
  // A machine-readable line for scripts and tests that start browser mode with --port 0.
  process.stdout.write(`${JSON.stringify({ event: 'ready', url, cloudUrl: booted.cloudUrl, dataDir })}\n`);
  closeWithGrace({ delay: 5000 }, async () => {
    await bridge.close();
    await booted.shutdown();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Tandem could not start in browser mode: ${(error as Error).message}\n`);
  process.exit(1);
});
