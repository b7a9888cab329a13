// `npm run setup`: everything Tandem needs to build, run and test, in one command.
// Uses only Node's standard library, so it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const say = (line = '') => process.stdout.write(`${line}\n`);
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env, ...options });
  return result.status ?? 1;
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  say(`Tandem needs Node.js 22 or 24 (or at least 20.19); this is ${process.versions.node}.`);
  process.exit(1);
}
if (major < 22) {
  // True today: everything builds and every test passes on 20.19, but several packages ask for 22.
  say(`[setup] Node.js ${process.versions.node} works, but Node 20 is past its end of life: use 22 or 24 (LTS).`);
}

// 1. npm packages. Native modules (better-sqlite3) compile from source where no prebuilt binary
//    can be fetched; that takes a minute or two.
const fresh = process.env.CI || !existsSync('node_modules');
say(`[setup] Installing npm packages (${fresh ? 'npm ci' : 'npm install'}) …`);
// Quiet: npm's warnings (engines, deprecations) are not the user's to act on; errors still show.
if (run('npm', [fresh ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error']) !== 0) {
  say('[setup] npm could not install the packages; see the messages above.');
  process.exit(1);
}

// 2. The Electron binary, fetched from Electron's download host. Where that host is out of reach
//    the desktop shell still builds and type-checks, and Tandem runs in browser mode.
say('[setup] Fetching the Electron binary …');
const electron = spawnSync(process.execPath, ['node_modules/electron/install.js'], {
  env: { ...process.env },
  encoding: 'utf8',
  timeout: 180_000,
});
if (electron.status === 0) {
  say('[setup] Electron is ready: `npm start` runs the desktop app.');
} else {
  const reason = `${electron.stderr ?? ''}`.split('\n').find((line) => line.trim()) ?? 'no answer';
  say('[setup] The Electron binary could not be downloaded here:');
  say(`        ${reason.trim()}`);
  say('        Everything else is installed. The desktop shell builds and type-checks without it;');
  say('        run Tandem in browser mode with `npm run browser`. Run `npm run setup` again once online.');
}

// 3. What the end-to-end tests drive: Debian's Chromium (never a downloaded browser).
const chromium = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  say(`[setup] ${chromium} is missing; the end-to-end tests need it.`);
  say('        Debian/Ubuntu: sudo apt-get install chromium xvfb iproute2   (or set TANDEM_CHROMIUM)');
}

say('[setup] Done. Next: `npm test` runs every test; `npm start` (or `npm run browser`) runs Tandem.');
