import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP_DB_FILE, openDesktopDatabase } from '../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin, type SummaryInput } from '../../src-main/core/insights/builtinSummarizer';
import { SummaryCache } from '../../src-main/core/insights/summaryCache';
import { Stage, expect, test } from './support/fixtures';
import { openInsights } from './support/insights';

/** Summaries written into the running app's cache, as its own summarizer would after sessions. */
function addSummaries(dataDir: string, titles: string[]): void {
  const input = JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput;
  const base = summarizeBuiltin(input, 'en');
  const db = openDesktopDatabase(join(dataDir, DESKTOP_DB_FILE));
  try {
    const cache = new SummaryCache(db);
    const now = Date.now();
    db.transaction(() =>
      titles.forEach((title, i) => cache.add(`request-${i}`, null, { ...base, title }, new Date(now - i * 60_000))),
    )();
  } finally {
    db.close();
  }
}

test('a search matching more than 1,000 summaries shows “1,000+” (read as “More than 1,000”); fewer, the exact count', async ({
  page,
}, testInfo) => {
  const stage = new Stage();
  try {
    const app = await stage.app(null);
    addSummaries(app.dataDir, [
      ...Array.from({ length: 1005 }, (_, i) => `Toner low ${i}`),
      ...Array.from({ length: 3 }, (_, i) => `Paper jam ${i}`),
    ]);
    await page.goto(app.pageUrl);
    const { summaries } = await openInsights(page);
    // What a screen reader hears from the list's count (aria-hidden text left out).
    const count = page.getByRole('heading', { name: 'Summaries' }).getByRole('status');
    // Without a search every summary is counted.
    await expect(count).toMatchAriaSnapshot('- status: 1,008 summaries');
    await expect(summaries.first()).toContainText('Toner low 0');

    const search = page.getByRole('searchbox', { name: 'Search summaries' });
    await search.fill('toner');
    await expect(count.getByText('1,000+ summaries')).toBeVisible();
    await expect(count).toMatchAriaSnapshot('- status: More than 1,000 summaries');
    await search.fill('paper');
    await expect(count).toMatchAriaSnapshot('- status: 3 summaries');
    await expect(summaries).toHaveCount(3);
  } finally {
    await stage.attachOutput(testInfo);
    await stage.stop();
  }
});
