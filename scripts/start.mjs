// `npm start`: the desktop app. Without a configured cloud endpoint (TANDEM_CLOUD_URL) it starts
// an embedded one on loopback. Where the Electron binary is missing (as on a machine that could
// not download it), Tandem starts in browser mode instead, in an app window of the Chromium or
// Chrome installed here.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const USAGE = `Usage: npm start [-- --browser] [-- --help]
Starts the Tandem desktop app (Electron). Where Electron is not installed (or with --browser),
starts Tandem in browser mode in an app window of Chromium or Chrome instead: the same app, with
its core in Node (see npm run browser -- --help for its options).
Environment: TANDEM_CLOUD_URL (the company's cloud endpoint; without it an embedded one runs on
loopback), TANDEM_DATA_DIR, TANDEM_LOG_LEVEL, TANDEM_BROWSER (the browser for the app window).`;

const args = process.argv.slice(2).filter((arg) => arg !== '--browser');
const browserMode = process.argv.includes('--browser');
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const electronDir = join('node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;

const electron = binary !== null && existsSync(binary);
if (!electron && !browserMode) {
  process.stdout.write('Electron is not installed on this machine: starting Tandem in browser mode instead.\n');
}
const result =
  electron && !browserMode
    ? spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit' })
    : spawnSync(process.execPath, ['scripts/browser-mode.mjs', '--open', ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
