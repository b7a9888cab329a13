import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { startServer } from '../../server/app';
import { startBridge } from '../../src-main/bridge/bridgeServer';
import { bootCore } from '../../src-main/core/boot';
import { DESKTOP_DB_FILE, openDesktopDatabase } from '../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin, type SummaryInput } from '../../src-main/core/insights/builtinSummarizer';
import { SummaryExporter } from '../../src-main/core/insights/export/summaryExporter';
import { inlineReader } from '../../src-main/core/insights/summaryReader';
import { SummaryCache } from '../../src-main/core/insights/summaryCache';
import type { ExportFormat, ExportProgress } from '../../src-shared/domain/summaryExport';
import { memoryLogger } from '../../tests/support/silentLogger';
import { tempDir } from '../../tests/support/tempDir';
import { displayFrames, elapsedMs, printFigure, summarize } from '../support/figures';

/*
 * bench/insights-ui: the Insights view in Chromium with 100,000 summaries in the desktop cache,
 * behind the real bridge and main core: the list's first paint, frame times while scrolling it,
 * a search keystroke until the list shows the new results, and exporting 1000 summaries.
 */
const BENCH = 'insights-ui';
const SUMMARIES = 100_000;
const WORDS = ['printer', 'vpn', 'outlook', 'password', 'slow', 'driver', 'monitor', 'drucker', 'netzwerk', 'update'];

if (!process.env.TANDEM_LOOPBACK_NETNS)
  throw new Error('Run through `npm run bench -- insights-ui` (it needs the loopback namespace).');

const fixtures = ['printer-en', 'outlook-en', 'vpn-de', 'password-de', 'slow-pc-en'].map(
  (name) =>
    JSON.parse(readFileSync(`tests/fixtures/sessions/${name}.json`, 'utf8')) as SummaryInput & {
      language: 'en' | 'de';
    },
);
const variants = fixtures.map((fixture) => summarizeBuiltin(fixture, fixture.language));
const pick = <T>(items: readonly T[], i: number) => items[i % items.length]!;

/** A cache as a busy help desk's would be after a year: 100k summaries, all synced. */
function fill(dataDir: string): void {
  const db = openDesktopDatabase(join(dataDir, DESKTOP_DB_FILE));
  const cache = new SummaryCache(db);
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < SUMMARIES; i++) {
      const base = pick(variants, i);
      cache.add(
        `bench-${i}`,
        'acme',
        {
          ...base,
          title: `${base.title} #${i} ${pick(WORDS, i * 7)}`,
          device: { id: String(100_000_000 + (i % 500)), os: base.device.os },
          participants: [{ role: 'supporter', name: `Supporter ${i % 40}` }],
        },
        new Date(now - i * 300_000),
      );
    }
    db.exec('DELETE FROM outbox; UPDATE summaries SET synced_version = version');
  })();
  db.close();
}

async function exportTimes(cache: SummaryCache, dir: string, format: ExportFormat, runs: number): Promise<number[]> {
  const ids = cache.list({ limit: 1000, offset: 0 }).items.map((item) => item.id);
  const waiting = new Map<string, (progress: ExportProgress) => void>();
  const exporter = new SummaryExporter({
    reader: inlineReader(cache),
    dir,
    regenerate: () => null,
    progress: (progress) => {
      if (progress.state !== 'running') waiting.get(progress.exportId)?.(progress);
    },
    log: memoryLogger().log,
  });
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const start = process.hrtime.bigint();
      const exportId = exporter.start({ ids, format, language: 'en' });
      const finished = await new Promise<ExportProgress>((resolve) => waiting.set(exportId, resolve));
      if (finished.state !== 'done') throw new Error(`export ${format} ended ${finished.state}: ${finished.error}`);
      for (let offset: number | null = 0; offset !== null;) offset = (await exporter.read(exportId, offset)).next;
      times.push(elapsedMs(start));
    }
  } finally {
    exporter.close();
  }
  return times;
}

async function main(): Promise<void> {
  const dirs = [tempDir(), tempDir()];
  const server = await startServer({ dataDir: dirs[0]!.path, logger: false });
  fill(dirs[1]!.path);
  const booted = await bootCore({
    dataDir: dirs[1]!.path,
    runtime: 'browser',
    version: 'bench',
    log: memoryLogger().log,
    cloudUrl: server.url,
    startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    // The reads as the app runs them (src-main/bridge/main.ts): in the read workers, built by
    // scripts/bench.mjs. Without it they ran on this thread, which also drives the page.
    readWorkerFile: resolve('out/bridge/summaryReadWorker.cjs'),
  });
  const bridge = await startBridge({
    core: booted.core,
    log: memoryLogger().log,
    rendererDir: resolve('out/renderer'),
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(bridge.pageUrl);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate('window.__name = (fn) => fn');
    const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name });
    await nav('Insights').click();
    await page.getByRole('combobox', { name: 'Period' }).selectOption('all');
    await page.getByText('100,000 summaries').waitFor({ timeout: 60_000 });

    // list_first_paint_ms: a click on Insights until the first summary's title is on screen.
    const firstPaint: number[] = [];
    for (let run = 0; run < 15; run++) {
      await nav('Connect').click();
      await page.getByRole('listbox').waitFor({ state: 'detached' });
      firstPaint.push(
        await page.evaluate(async () => {
          const button = [...document.querySelectorAll('nav button')].find((b) => b.textContent === 'Insights');
          const start = performance.now();
          (button as HTMLButtonElement).click();
          for (;;) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
            if (document.querySelector('[role=listbox] [role=option] .row-title')) return performance.now() - start;
          }
        }),
      );
    }
    printFigure({ bench: BENCH, metric: 'list_first_paint_ms', unit: 'ms', samples: firstPaint });

    // scroll_frame_ms: frame to frame while the list scrolls through 100k rows, a screenful per frame.
    const frames = await page.evaluate(async () => {
      const list = document.querySelector<HTMLElement>('[role=listbox]')!;
      const deltas: number[] = [];
      let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      for (let frame = 0; frame < 600; frame++) {
        list.scrollTop += frame % 100 < 50 ? 900 : 60_000;
        const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        deltas.push(now - last);
        last = now;
      }
      return deltas;
    });
    // In whole display intervals: the page's clock is coarsened to 0.1 ms (see displayFrames).
    const display = displayFrames(frames);
    printFigure({
      bench: BENCH,
      metric: 'scroll_frame_ms',
      unit: 'ms',
      samples: display.samples,
      extra: { missed_frames: display.missed, off_grid_frames: display.offGrid, raw_p95: summarize(frames).p95 },
    });

    // search_keystroke_ms: a key pressed in the search box until the list shows the new result set.
    const search = page.getByRole('searchbox', { name: 'Search summaries' });
    const keystrokes: number[] = [];
    for (const word of ['printer', 'vpn slow', 'netzwerk', 'driver', 'outlook']) {
      await search.fill('');
      await search.focus();
      for (const key of word) {
        const before = await page.getByRole('listbox').getAttribute('data-results');
        const start = process.hrtime.bigint();
        await page.keyboard.press(key === ' ' ? 'Space' : key);
        await page.waitForFunction(
          (previous) => document.querySelector('[role=listbox]')?.getAttribute('data-results') !== previous,
          before,
          { polling: 'raf' },
        );
        keystrokes.push(elapsedMs(start));
      }
    }
    printFigure({ bench: BENCH, metric: 'search_keystroke_ms', unit: 'ms', samples: keystrokes });
  } finally {
    await browser.close();
    await bridge.close();
  }

  const cache = new SummaryCache(booted.core.db);
  const exports = join(dirs[1]!.path, 'bench-exports');
  printFigure({
    bench: BENCH,
    metric: 'export_pdf_1000_ms',
    unit: 'ms',
    samples: await exportTimes(cache, exports, 'pdf', 5),
  });
  printFigure({
    bench: BENCH,
    metric: 'export_csv_1000_ms',
    unit: 'ms',
    samples: await exportTimes(cache, exports, 'csv', 5),
  });
  await booted.shutdown();
  await server.close();
  for (const dir of dirs) dir.cleanup();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
