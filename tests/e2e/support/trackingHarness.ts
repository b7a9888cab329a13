import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';
import appBuild from '../../../electron.vite.config';

const PAGE = `<!doctype html><html lang="en"><head><title>Tracking harness</title><script type="module" src="./entry.ts"></script></head><body><video id="video" autoplay playsinline muted></video></body></html>`;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

let built: Promise<string> | null = null;

/**
 * A page built by Vite as the app's pages are (the tracker client, its worker as its own asset,
 * OpenCV.js in it), exposing `window.createTrackerClient`. Built once per run into a temporary folder.
 */
function buildHarness(): Promise<string> {
  built ??= (async () => {
    // Inside the repository, so the build resolves packages from its node_modules.
    mkdirSync('.tmp', { recursive: true });
    const root = mkdtempSync(resolve('.tmp/tracking-harness-'));
    writeFileSync(join(root, 'index.html'), PAGE);
    const client = resolve('src-renderer/video/tools/tracking/trackerClient.ts');
    writeFileSync(
      join(root, 'entry.ts'),
      `import { createTrackerClient } from ${JSON.stringify(client)};\nwindow.createTrackerClient = createTrackerClient;\n`,
    );
    // The app's renderer configuration (its plugins, the worker's), this page as the only entry.
    const { plugins, worker } = appBuild.renderer!;
    await build({
      root,
      plugins,
      worker,
      logLevel: 'silent',
      configFile: false,
      build: { outDir: join(root, 'out'), modulePreload: { polyfill: false } },
    });
    return join(root, 'out');
  })();
  return built;
}

/**
 * Serves the built harness from 127.0.0.1 with the headers `headersFor(path)` gives (the policies
 * under test), and answers its URL.
 */
export async function trackingHarnessUrl(headersFor: (path: string) => Record<string, string>): Promise<string> {
  const dir = await buildHarness();
  return new Promise((done) => {
    const server = createServer((request, response) => {
      const path = request.url === '/' ? '/index.html' : (request.url ?? '/');
      let body: Buffer;
      try {
        body = readFileSync(join(dir, path.replace(/\.\.+/g, '')));
      } catch {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        ...headersFor(path),
      });
      response.end(body);
    });
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      done(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    });
  });
}
