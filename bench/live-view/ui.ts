import { chromium } from '@playwright/test';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { startBridge } from '../../src-main/bridge/bridgeServer';
import { bootCore, type BootedCore } from '../../src-main/core/boot';
import { managedConfigSchema } from '../../src-shared/domain/managedConfig';
import type { Channel, Request, Response } from '../../src-shared/ipc/contract';
import { memoryLogger } from '../../tests/support/silentLogger';
import { tempDir } from '../../tests/support/tempDir';
import { displayFrames, elapsedMs, printFigure, summarize } from '../support/figures';

/** A tag only the measured end user carries: the supporter's search narrows the list to them. */
const TAG = 'LiveViewBenchUser';

async function invoke<C extends Channel>(booted: BootedCore, channel: C, request: Request<C>): Promise<Response<C>> {
  const result = await booted.core.dispatch(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as Response<C>;
}

/**
 * The Live View's half a person sees, on the endpoint the caller loaded with `sessions` help
 * sessions that keep reporting: a real end user's core and a real supporter's core, each behind its
 * bridge, their windows in Chromium.
 * get_help_to_row_ms: the end user's *Ask for help* click → the row on the supporter's screen
 *   (pushed; measured in this process around both pages, so the automation's own steps count too).
 * live_view_frame_ms: frame to frame on the supporter's Live View of all `sessions` rows while their
 *   statuses keep changing (`churn`), and while it scrolls through them, in whole display intervals
 *   (`displayFrames`: the page's clock is coarsened to 0.1 ms; `raw_p95` is what it read);
 *   `missed_frames` counts the frames that spanned more than one interval (the display skipped one).
 */
export async function uiFigures(
  bench: string,
  parts: {
    url: string;
    enrolToken: string;
    supporter: { email: string; password: string };
    sessions: number;
    /** Changes one help session's status (a device's presence report); resolves when sent. */
    churn: () => Promise<void>;
    runs: number;
  },
): Promise<void> {
  const dirs = [tempDir('tandem-bench-lv-user-'), tempDir('tandem-bench-lv-supporter-')];
  const boot = (dataDir: string, managed?: unknown) =>
    bootCore({
      dataDir,
      runtime: 'browser',
      version: 'bench',
      log: memoryLogger().log,
      cloudUrl: parts.url,
      ...(managed ? { managed: managedConfigSchema.parse(managed) } : {}),
      startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    });
  const endUser = await boot(dirs[0]!.path, { enrollmentToken: parts.enrolToken, tags: [TAG] });
  const supporter = await boot(dirs[1]!.path);
  const bridges = await Promise.all(
    [endUser, supporter].map((booted) =>
      startBridge({ core: booted.core, log: memoryLogger().log, rendererDir: resolve('out/renderer') }),
    ),
  );
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (let waited = 0; ; waited += 100) {
      const { enrollment } = await invoke(endUser, 'company.membership', {});
      if (enrollment.state === 'enrolled') break;
      if (waited > 30_000) throw new Error(`the end user's core did not enrol: ${JSON.stringify(enrollment)}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    await invoke(supporter, 'account.signIn', parts.supporter);

    const supporterPage = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await supporterPage.goto(bridges[1]!.pageUrl);
    await supporterPage.getByRole('navigation').getByRole('button', { name: 'Live View' }).click();
    // The snapshot arrives in chunks: the count settles once every open help session is in.
    const count = supporterPage.locator('.list-count');
    await count.waitFor({ timeout: 120_000 });
    let rows = -1;
    for (;;) {
      const now = Number(/of ([\d,]+)/.exec((await count.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0);
      if (now > 0 && now === rows) break;
      rows = now;
      await new Promise((done) => setTimeout(done, 1000));
    }

    // live_view_frame_ms: the whole list on screen while statuses change, then while scrolling through it.
    let churning = true;
    let changes = 0;
    const churn = (async () => {
      while (churning) {
        await parts.churn();
        changes++;
      }
    })();
    const frames = await supporterPage.evaluate(async () => {
      const list = document.querySelector<HTMLElement>('.row-list') ?? document.scrollingElement!;
      const deltas: number[] = [];
      let last = await new Promise<number>((done) => requestAnimationFrame(done));
      for (let frame = 0; frame < 600; frame++) {
        if (frame >= 300) list.scrollTop += frame % 100 < 50 ? 600 : 20_000;
        const now = await new Promise<number>((done) => requestAnimationFrame(done));
        deltas.push(now - last);
        last = now;
      }
      return deltas;
    });
    churning = false;
    await churn;
    const display = displayFrames(frames);
    printFigure({
      bench,
      metric: 'live_view_frame_ms',
      unit: 'ms',
      samples: display.samples,
      extra: {
        rows,
        sessions: parts.sessions,
        status_changes: changes,
        frames: frames.length,
        missed_frames: display.missed,
        off_grid_frames: display.offGrid,
        raw_p95: summarize(frames).p95,
      },
    });

    // get_help_to_row_ms: the end user asks for help; the supporter, searching for them, sees the row.
    await supporterPage.getByRole('searchbox', { name: 'Search by tag, ID, device or name' }).fill(TAG);
    const endUserPage = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await endUserPage.goto(bridges[0]!.pageUrl);
    const row = supporterPage.locator('li[data-code]');
    const samples: number[] = [];
    let lost = 0;
    for (let run = 0; run < parts.runs; run++) {
      await endUserPage.getByRole('button', { name: 'Get help', exact: true }).click();
      await endUserPage.getByRole('checkbox', { name: 'I understand' }).check();
      const start = process.hrtime.bigint();
      await endUserPage.getByRole('button', { name: 'Ask for help', exact: true }).click();
      try {
        await row.first().waitFor({ timeout: 5000 });
        samples.push(elapsedMs(start));
      } catch {
        lost++;
      }
      await endUserPage.getByRole('button', { name: 'Stop asking for help' }).click();
      await row.first().waitFor({ state: 'detached', timeout: 10_000 });
    }
    printFigure({
      bench,
      metric: 'get_help_to_row_ms',
      unit: 'ms',
      samples,
      extra: { rows, sent: parts.runs, lost },
    });
  } finally {
    await browser.close();
    for (const bridge of bridges) await bridge.close();
    await endUser.shutdown();
    await supporter.shutdown();
    for (const dir of dirs) dir.cleanup();
  }
}
