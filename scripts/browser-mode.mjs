// `npm run browser`: Tandem without Electron. The main core runs in Node behind the loopback
// bridge and serves the built renderer; open the printed address in any Chromium.
// `npm run dev:browser`: the same, with the renderer from Vite's dev server (hot reload).
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

const dev = process.argv.includes('--dev');
const forwarded = process.argv.slice(2).filter((arg) => arg !== '--dev');

function build(args) {
  const result = spawnSync('npx', args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

let viteServer = null;
let bridgeArgs = ['out/bridge/main.cjs', ...forwarded];
build(['electron-vite', 'build']);
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

const bridge = spawn(process.execPath, bridgeArgs, { stdio: ['inherit', 'pipe', 'inherit'] });
createInterface({ input: bridge.stdout }).on('line', (line) => {
  try {
    const message = JSON.parse(line);
    if (message.event === 'ready') {
      process.stdout.write(
        `\nTandem is running in browser mode. Open this address in Chromium or Chrome:\n\n  ${message.url}\n\n`,
      );
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
