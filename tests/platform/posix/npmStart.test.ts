import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/tempDir';

/**
 * `npm start` where the desktop binary is not the way: browser mode, in an app window, quietly.
 * Here rather than with the integration tests: it rebuilds out/, which those run from.
 */
describe('npm start', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  it('answers --help at once, without building anything', async () => {
    const started = Date.now();
    const { code, out } = await run(['scripts/start.mjs', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: npm start');
    expect(out).toContain('TANDEM_BROWSER');
    // No build ran: the build's own first line never appeared.
    expect(out).not.toContain('Building Tandem');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('starts browser mode, prints the address plainly and opens it in an app window with its own profile', async () => {
    const dir = tempDir('tandem-start-');
    cleanups.push(() => dir.cleanup());
    // The browser is this machine's business; a stand-in records how Tandem would open it.
    const record = join(dir.path, 'browser-args.txt');
    const browser = join(dir.path, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    chmodSync(browser, 0o755);
    const { TANDEM_LOG_LEVEL: _level, ...env } = process.env;
    const child = spawn(process.execPath, ['scripts/start.mjs', '--browser'], {
      env: { ...env, TANDEM_BROWSER: browser, TANDEM_DATA_DIR: join(dir.path, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    cleanups.push(() => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    });
    let out = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    // The app window's browser starts after the line that announces it: look for both.
    const opened = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`no app window within 120 s; output:\n${out}\n${errors}`));
      }, 120_000);
      const poll = setInterval(() => {
        if (out.includes('Opened it in an app window') && existsSync(record) && readFileSync(record, 'utf8')) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(readFileSync(record, 'utf8'));
        }
      }, 50);
      child.on('exit', (code) => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`exited with ${code}; output:\n${out}\n${errors}`));
      });
    });
    const app = /App: +(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out)?.[1];
    expect(app).toBeDefined();
    expect(opened.split('\n')).toEqual(
      expect.arrayContaining([`--app=${app}`, `--user-data-dir=${join(dir.path, 'data', 'app-window')}`]),
    );
    expect(out).toMatch(/Cloud endpoint: http:\/\/127\.0\.0\.1:\d+/);
    // Quiet: the core's informational JSON log lines are not shown unless asked for.
    expect(out.split('\n').filter((line) => line.startsWith('{"level":30'))).toEqual([]);
    // The address works: the app's page answers.
    expect((await fetch(app!)).status).toBe(200);
  }, 150_000);
});

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}
