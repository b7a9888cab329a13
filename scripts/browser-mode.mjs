// `npm run browser`: Tandem without Electron. The main core runs in Node behind the loopback
// bridge and serves the built renderer; open the printed address in any Chromium, or pass
// `--open` for an app window of the Chromium or Chrome installed here (its own profile folder).
// `npm run dev:browser`: the same, with the renderer from Vite's dev server (hot reload).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const OWN_FLAGS = ['--dev', '--open', '--verbose', '--help', '-h'];
const USAGE = `Usage: npm run browser -- [--open] [--verbose] [--data-dir DIR] [--cloud-url URL] [--port N] [--module ID]
                            [--managed-config FILE]
Runs Tandem's main core in Node and serves the app on 127.0.0.1 for Chromium or Chrome.
  --open       open it in an app window of the Chromium or Chrome installed here (TANDEM_BROWSER
               names another), with its own profile folder in the data folder
  --verbose    show the core's log (otherwise only warnings and errors; TANDEM_LOG_LEVEL also sets it)
  --data-dir   where Tandem keeps its data (default ~/.tandem-browser; TANDEM_DATA_DIR)
  --cloud-url  the company's cloud endpoint (TANDEM_CLOUD_URL); without one, an embedded endpoint
               runs on loopback inside the data folder
Environment: TANDEM_PROMPT_SECONDS, TANDEM_CONSENT_SECONDS, TANDEM_MANAGED_CONFIG, TANDEM_QUICKSUPPORT_MODULE.`;

const dev = process.argv.includes('--dev');
const open = process.argv.includes('--open');
const verbose = process.argv.includes('--verbose');
const forwarded = process.argv.slice(2).filter((arg) => !OWN_FLAGS.includes(arg));

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

function build(args) {
  const result = spawnSync('npx', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The Chromium or Chrome to open the app window in: TANDEM_BROWSER, else the usual places. */
function findBrowser() {
  if (process.env.TANDEM_BROWSER) return process.env.TANDEM_BROWSER;
  const candidates =
    process.platform === 'win32'
      ? [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA]
          .filter(Boolean)
          .flatMap((base) => [
            join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'),
            join(base, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
            join(base, 'Chromium', 'Application', 'chrome.exe'),
          ])
      : process.platform === 'darwin'
        ? [
            '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
            '/Applications/Chromium.app/Contents/MacOS/Chromium',
            '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
          ]
        : ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'].flatMap((name) =>
            (process.env.PATH ?? '').split(':').map((dir) => join(dir, name)),
          );
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

function openAppWindow(url, dataDir) {
  const browser = findBrowser();
  if (!browser) {
    process.stdout.write(
      'No Chromium or Chrome was found here (set TANDEM_BROWSER to one): open the address yourself.\n\n',
    );
    return;
  }
  const window = spawn(
    browser,
    [`--app=${url}`, `--user-data-dir=${join(dataDir, 'app-window')}`, '--no-first-run', '--no-default-browser-check'],
    { stdio: 'ignore', detached: false },
  );
  window.on('error', (error) => process.stdout.write(`Could not open ${browser}: ${error.message}\n`));
  process.stdout.write(`Opened it in an app window of ${browser}. Press Ctrl+C here to stop Tandem.\n\n`);
}

let viteServer = null;
let bridgeArgs = ['out/bridge/main.cjs', ...forwarded];
process.stdout.write('Building Tandem…\n');
build(['electron-vite', 'build', '--logLevel', 'error']);
build(['node', 'scripts/build-node.mjs']);

if (dev) {
  const { createServer } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  viteServer = await createServer({
    configFile: false,
    root: 'src-renderer',
    plugins: [react()],
    server: { host: '127.0.0.1', port: 5173, strictPort: false },
  });
  await viteServer.listen();
  const address = viteServer.httpServer.address();
  bridgeArgs = [...bridgeArgs, '--dev-server', `http://127.0.0.1:${address.port}`];
}

// Quiet unless asked: the core logs warnings and errors only.
const env = { ...process.env, TANDEM_LOG_LEVEL: process.env.TANDEM_LOG_LEVEL || (verbose ? 'info' : 'warn') };
const bridge = spawn(process.execPath, bridgeArgs, { stdio: ['inherit', 'pipe', 'inherit'], env });
createInterface({ input: bridge.stdout }).on('line', (line) => {
  try {
    const message = JSON.parse(line);
    if (message.event === 'ready') {
      process.stdout.write(
        [
          '',
          'Tandem is running in browser mode.',
          `  App:            ${message.url}`,
          `  Cloud endpoint: ${message.cloudUrl}`,
          `  Data folder:    ${message.dataDir}`,
          '',
          '',
        ].join('\n'),
      );
      if (open) openAppWindow(message.url, message.dataDir);
      else process.stdout.write('Open the app address in Chromium or Chrome (or start with --open).\n\n');
      return;
    }
  } catch {
    // an ordinary log line
  }
  process.stdout.write(`${line}\n`);
});
const stop = () => bridge.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
bridge.on('exit', async (code) => {
  await viteServer?.close();
  process.exit(code ?? 0);
});
