import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { readSetupToken } from '../../server/accounts/setupToken';
import { startServer } from '../../server/app';
import { apiCaller } from '../../tests/support/apiCall';
import { tempDir } from '../../tests/support/tempDir';
import { openEmployeeHarness, startHarnessCall } from '../../tests/e2e/support/videoCallHarness';
import { printFigure } from '../support/figures';

/*
 * drawing_propagation_ms (issue 17): one endpoint on 127.0.0.1, two pages in Chromium (fake camera),
 * each running the real call module as one side of a call, with the real tools code
 * (src-renderer/video/tools/: StrokeDrawer, the tools store, paintTools). The employee's page starts
 * a stroke (the pointer's first point, as a pointerdown hands it to StrokeDrawer) → the code user's
 * page has it painted (the animation frame after the part arrived on the tools channel, paintTools
 * onto a canvas). The two pages' clocks (performance.timeOrigin + now) are aligned by the offset
 * measured from this process (the smallest round trip of several). Every stroke sent counts: one
 * that has not arrived within LOST_AFTER_MS counts as that long (and in `lost`).
 */
const BENCH = 'video-tools';
const STROKES = process.env.TANDEM_BENCH_QUICK === '1' ? 30 : 150;
const LOST_AFTER_MS = 2000;

/** The tools code, bundled for a page as `window.TandemTools`. */
async function toolsBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: [
        "export { StrokeDrawer } from './src-renderer/video/tools/strokeDrawer';",
        "export { applyStroke, toolsStore } from './src-renderer/video/tools/toolsStore';",
        "export { paintTools } from './src-renderer/video/tools/paint';",
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'TandemTools',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** This page's clock minus this process's (both ms since the epoch), from the round trip that took least. */
async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const before = performance.timeOrigin + performance.now();
    const there = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    if (after - before < best.rtt) best = { rtt: after - before, offset: there - (before + after) / 2 };
  }
  return best.offset;
}

interface ToolsWindow {
  call: {
    view: { toolsOpen: boolean };
    sendTool(message: unknown): boolean;
    onTool(listener: (message: { type: string; id: string; seq: number }, from: string) => void): () => void;
  };
  TandemTools: {
    StrokeDrawer: new (options: unknown) => {
      begin(tool: string, point: [number, number]): void;
      move(point: [number, number]): void;
      end(): void;
    };
    applyStroke(message: unknown, role: string, now: number): boolean;
    paintTools(ctx: CanvasRenderingContext2D, rect: object, now: number): void;
  };
  drawnAt: Record<string, number>;
  drawStroke(index: number): Promise<number>;
}

export async function run(): Promise<void> {
  const dir = tempDir('tandem-bench-video-tools-');
  const server = await startServer({ dataDir: dir.path, logger: false });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const call = apiCaller(() => server.url);
    const checked = async (method: string, path: string, body?: unknown, token?: string) => {
      const answer = await call(method, path, body, token);
      if (answer.status >= 400)
        throw new Error(`${method} ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body!;
    };
    const admin = { company: 'Acme Service', name: 'Ada', email: 'ada@acme.test', password: 'a long password' };
    await checked('POST', '/api/v1/setup', { ...admin, setupToken: readSetupToken(dir.path) });
    const employee = (await checked('POST', '/api/v1/auth/sign-in', { email: admin.email, password: admin.password }))
      .token as string;
    const employeeId = (await checked('GET', '/api/v1/me', undefined, employee)).id as string;
    const device = (await checked('POST', '/api/v1/video/devices', { name: 'Press 4' }, employee)) as {
      id: string;
      code: string;
    };
    const codeUser = (await checked('POST', '/api/v1/video/join', { code: device.code })).token as string;
    const sessionId = (
      await checked(
        'POST',
        '/api/v1/video/sessions',
        { deviceId: device.id, reason: 'Bench drawing', assigneeIds: [employeeId] },
        employee,
      )
    ).id as string;

    const desk = await browser.newPage();
    const phone = await browser.newPage();
    const tools = await toolsBundle();
    for (const page of [desk, phone]) {
      await openEmployeeHarness(page);
      await page.addScriptTag({ content: tools });
    }
    await startHarnessCall(phone, { endpoint: server.url, token: codeUser, sessionId, role: 'code-user' });
    await startHarnessCall(desk, { endpoint: server.url, token: employee, sessionId, role: 'employee' });
    for (const page of [desk, phone]) {
      await page.waitForFunction(() => (window as unknown as ToolsWindow).call.view.toolsOpen, undefined, {
        timeout: 30_000,
      });
    }

    // The code user's side: each stroke's first part, painted at the next animation frame.
    await phone.evaluate(() => {
      const w = window as unknown as ToolsWindow;
      const canvas = document.createElement('canvas');
      Object.assign(canvas, { width: 640, height: 480 });
      document.body.append(canvas);
      const ctx = canvas.getContext('2d')!;
      w.drawnAt = {};
      w.call.onTool((message, from) => {
        if (message.type !== 'stroke') return;
        w.TandemTools.applyStroke(message, from, performance.now());
        if (message.seq !== 0) return;
        requestAnimationFrame(() => {
          w.TandemTools.paintTools(ctx, { x: 0, y: 0, width: 640, height: 480 }, performance.now());
          w.drawnAt[message.id] = performance.timeOrigin + performance.now();
        });
      });
    });
    // The employee's side: a short pen stroke, its points a frame apart as a pointer gives them.
    await desk.evaluate(() => {
      const w = window as unknown as ToolsWindow;
      const drawer = new w.TandemTools.StrokeDrawer({
        send: (message: unknown) => w.call.sendTool(message),
        role: 'employee',
        ttlMs: () => 3000,
      });
      const frame = () => new Promise((done) => requestAnimationFrame(done));
      w.drawStroke = async (index) => {
        const y = 0.1 + (index % 8) / 10;
        const startedAt = performance.timeOrigin + performance.now();
        drawer.begin('pen', [0.1, y]);
        for (let step = 1; step <= 5; step++) {
          await frame();
          drawer.move([0.1 + step / 10, y]);
        }
        drawer.end();
        return startedAt;
      };
    });

    const offset = (await clockOffset(phone)) - (await clockOffset(desk));
    const started: number[] = [];
    for (let index = 0; index < STROKES; index++) {
      const at = await desk.evaluate((i) => (window as unknown as ToolsWindow).drawStroke(i), index);
      started.push(at);
    }
    const deadline = Date.now() + LOST_AFTER_MS;
    let drawn: Record<string, number> = {};
    while (Date.now() < deadline) {
      drawn = await phone.evaluate(() => (window as unknown as ToolsWindow).drawnAt);
      if (Object.keys(drawn).length >= STROKES) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    // The drawer names its strokes `<prefix>-<count>`, counting from 0 on this page.
    const arrived = new Map(Object.entries(drawn).map(([id, at]) => [Number(id.split('-').at(-1)), at]));
    let lost = 0;
    const samples = started.map((at, index) => {
      const drawnAt = arrived.get(index);
      if (drawnAt === undefined) {
        lost++;
        return LOST_AFTER_MS;
      }
      return drawnAt - offset - at;
    });
    printFigure({
      bench: BENCH,
      metric: 'drawing_propagation_ms',
      unit: 'ms',
      samples,
      extra: { sent: STROKES, lost, clock_offset_ms: Math.round(offset * 1000) / 1000, target_p95: 150 },
    });
  } finally {
    await browser.close();
    await server.close();
    dir.cleanup();
  }
}
