// `npm start`: the desktop app. Without a configured cloud endpoint (TANDEM_CLOUD_URL) it starts
// an embedded one on loopback. Where the Electron binary is missing, it says so and names browser mode.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const electronDir = join('node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;

if (!binary || !existsSync(binary)) {
  process.stdout.write(
    [
      'The Electron binary is not installed on this machine, so the desktop app cannot start.',
      '  • Online: run `npm run setup` again to download it.',
      '  • Otherwise: run Tandem in browser mode with `npm run browser` and open the address it prints',
      '    in Chromium or Chrome. It is the same app, with the main core running in Node.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const result = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
