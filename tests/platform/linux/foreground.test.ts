import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ForegroundWatcher,
  nativeForegroundProbe,
  type ForegroundWindow,
} from '../../../src-main/core/insights/foregroundWatcher';
import { startXvfb, type VirtualDisplay } from '../../e2e/support/xvfb';

/**
 * The foreground application on Linux, read by Tandem's native addon from a real X server with
 * real windows (xmessage), focus moved the way a window manager would (XSetInputFocus).
 */
describe('the application in front, under Xvfb', () => {
  let display: VirtualDisplay;
  const windows: ChildProcess[] = [];
  const env = () => ({ ...process.env, DISPLAY: display.display });

  async function openWindow(name: string, title: string): Promise<string> {
    windows.push(
      spawn('xmessage', ['-name', name, '-title', title, 'Tandem test window'], { env: env(), stdio: 'ignore' }),
    );
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        return execFileSync('xdotool', ['search', '--name', title], { env: env(), encoding: 'utf8' })
          .trim()
          .split('\n')[0]!;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`window "${title}" did not appear`);
  }
  const focus = (id: string) => execFileSync('xdotool', ['windowfocus', '--sync', id], { env: env() });

  beforeAll(async () => {
    display = await startXvfb(1024, 768);
    display.stopAfterExit();
    process.env.DISPLAY = display.display;
  });
  afterAll(() => {
    for (const window of windows) window.kill();
    delete process.env.DISPLAY;
  });

  it('reads the application and a Unicode window title, and records changes only while a session is logged', async () => {
    const probe = nativeForegroundProbe();
    expect(probe).not.toBeNull();
    const spreadsheet = await openWindow('budget', 'Budget 2027 — Übersicht');
    const mail = await openWindow('mail', 'Posteingang: 3 neue');

    focus(spreadsheet);
    expect(probe!()).toEqual({ app: 'Xmessage', title: 'Budget 2027 — Übersicht' });

    let logged = ['session-1'];
    const recorded: [string, ForegroundWindow][] = [];
    const watcher = new ForegroundWatcher(
      probe!,
      () => logged,
      (id, window) => recorded.push([id, window]),
    );
    watcher.tick();
    watcher.tick();
    focus(mail);
    watcher.tick();
    logged = [];
    focus(spreadsheet);
    watcher.tick();
    expect(recorded).toEqual([
      ['session-1', { app: 'Xmessage', title: 'Budget 2027 — Übersicht' }],
      ['session-1', { app: 'Xmessage', title: 'Posteingang: 3 neue' }],
    ]);
  });
});
