import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { summaryExportJsonSchema } from '../../src-shared/domain/summaryExport';
import { docxText, pdfText } from '../support/exportParsers';
import { ADA, signIn } from './support/accounts';
import { GRACE, allowLogging, helpdeskStage, sessionWithChat } from './support/helpdesk';
import { noSeriousViolations } from './support/axe';
import { Stage, expect, test } from './support/fixtures';
import { openInsights } from './support/insights';
import { openEndUserBrowser } from './support/session';

test('the Insights view after real sessions: overview and list agree, search, keyboard, edit, export in every format and language, delete reaching a colleague', async ({
  page,
  browser,
  playwright,
  xvfb,
}, testInfo) => {
  test.setTimeout(120_000);
  const stage = new Stage();
  try {
    const { supporter, host, colleague, ada } = await helpdeskStage(stage, xvfb);

    const { browser: endUserBrowser, page: hostPage } = await openEndUserBrowser(playwright, host.pageUrl);
    try {
      await allowLogging(hostPage);
      await page.goto(supporter.pageUrl);
      await signIn(page, ADA);
      await sessionWithChat(page, hostPage, 'My printer shows a paper jam on every job.');
      await sessionWithChat(page, hostPage, 'The VPN does not connect from home since yesterday.');
    } finally {
      await endUserBrowser.close();
    }

    const { summaries, detail } = await openInsights(page);
    await expect(summaries).toHaveCount(2);
    const listCount = page.getByRole('heading', { name: /^Summaries/ });
    await expect(listCount).toContainText('2 summaries');
    // The overview counts what the list shows; a bar narrows the list to its summaries.
    const overview = page.getByRole('region', { name: 'Overview' });
    const printing = overview.getByRole('button', { name: 'Printing: 1 summary' });
    await expect(overview.getByRole('button', { name: 'Network / VPN: 1 summary' })).toBeVisible();
    await printing.click();
    await expect(printing).toHaveAttribute('aria-pressed', 'true');
    await expect(summaries).toHaveCount(1);
    await expect(listCount).toContainText('1 summary');
    await expect(summaries.first()).toContainText('Printing');
    await printing.click();
    await expect(summaries).toHaveCount(2);

    // Search by a word from the chat.
    const search = page.getByRole('searchbox', { name: 'Search summaries' });
    await search.fill('jam');
    // The charts still count every summary: until the search's counts are in (asked once typing
    // pauses 300 ms) they say they are updating.
    await expect(overview).toHaveAttribute('aria-busy', 'true');
    await expect(overview.getByText('Updating…')).toBeVisible();
    await expect(summaries).toHaveCount(1);
    await expect(summaries.first()).toContainText('Printing');
    await expect(overview).toHaveAttribute('aria-busy', 'false');
    await expect(overview.getByText('Updating…')).toHaveCount(0);
    await expect(overview.getByRole('button', { name: 'Printing: 1 summary' })).toBeVisible();
    await expect(overview.getByRole('button', { name: /^Network \/ VPN/ })).toHaveCount(0);
    await search.fill('');
    await expect(summaries).toHaveCount(2);

    // The keyboard walks the list; the detail follows.
    await page.getByRole('listbox', { name: 'Summaries' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(summaries.first()).toHaveAttribute('aria-selected', 'true');
    await expect(detail).toContainText('Network / VPN');
    await page.keyboard.press('End');
    await expect(summaries.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(detail).toContainText('Printing');
    await expect(detail).toContainText('Ada Support (Supporter)');

    // Edit, checked before it is saved; the history keeps both versions.
    await detail.getByRole('button', { name: 'Edit' }).click();
    const title = detail.getByRole('textbox', { name: 'Title' });
    await title.fill('  ');
    await detail.getByRole('button', { name: 'Save' }).click();
    await expect(detail.getByRole('alert')).toHaveText('Give the summary a title.');
    await expect(title).toBeFocused();
    await title.fill('Paper jam cleared');
    await detail.getByRole('button', { name: 'Save' }).click();
    await expect(detail.getByRole('heading', { level: 2 })).toHaveText('Paper jam cleared');
    await detail.getByText('History (2 versions)').click();
    await expect(detail.getByRole('listitem').last()).toContainText('edited by Ada Support');
    await expect(page.getByTestId('sync-status')).toContainText('All summaries are synced with your company.');
    await noSeriousViolations(page);

    // Export in every format and both languages; each file is parsed.
    const checks: Record<string, (file: Buffer, language: 'en' | 'de') => Promise<string>> = {
      pdf: async (file) => (await pdfText(file)).text,
      docx: async (file) => (await docxText(file)).text,
      markdown: async (file) => file.toString('utf8').replace(/\\/g, ''),
      html: async (file, language) => {
        expect(file.toString('utf8')).toContain(`<html lang="${language}">`);
        return file.toString('utf8');
      },
      json: async (file) => JSON.stringify(summaryExportJsonSchema.parse(JSON.parse(file.toString('utf8')))),
      csv: async (file, language) =>
        (parse(file, { bom: true, delimiter: language === 'de' ? ';' : ',' }) as string[][]).flat().join('\n'),
    };
    for (const language of ['en', 'de'] as const) {
      for (const [format, read] of Object.entries(checks)) {
        await detail.getByRole('button', { name: 'Export…' }).click();
        const dialog = page.getByRole('dialog', { name: 'Export 1 summary' });
        await dialog.getByRole('combobox', { name: 'Format' }).selectOption(format);
        await dialog.getByRole('combobox', { name: 'Language of the document' }).selectOption(language);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          dialog.getByRole('button', { name: 'Export', exact: true }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^paper-jam-cleared-\d{4}-\d{2}-\d{2}\./);
        await expect(dialog.getByRole('status')).toContainText('Saved as “paper-jam-cleared-');
        const text = await read(await readFile((await download.path())!), language);
        expect(text, `${format} ${language}`).toContain('Paper jam cleared');
        if (format !== 'json')
          expect(text, `${format} ${language}`).toContain(language === 'en' ? 'Issue types' : 'Problemarten');
        await dialog.getByRole('button', { name: 'Close' }).click();
      }
    }
    await page.getByRole('button', { name: 'Export all 2…' }).click();
    const all = page.getByRole('dialog', { name: 'Export 2 summaries' });
    await all.getByRole('combobox', { name: 'Format' }).selectOption('csv');
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      all.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/^session-insights-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(parse(await readFile((await csvDownload.path())!), { bom: true }) as string[][]).toHaveLength(3);
    await all.getByRole('button', { name: 'Close' }).click();

    // Grace reads the edit on her own computer, and her role offers no Edit or Delete.
    const gracePage = await (await browser.newContext()).newPage();
    await gracePage.goto(colleague.pageUrl);
    await signIn(gracePage, GRACE);
    const grace = await openInsights(gracePage);
    await expect(grace.summaries).toHaveCount(2);
    await grace.summaries.filter({ hasText: 'Paper jam cleared' }).click();
    await expect(grace.detail.getByRole('heading', { level: 2 })).toHaveText('Paper jam cleared');
    await expect(grace.detail.getByRole('button', { name: 'Edit' })).toHaveCount(0);
    await expect(grace.detail.getByRole('button', { name: 'Delete' })).toHaveCount(0);

    // Delete asks first, can be undone for a few seconds, then goes for good — on every device.
    await detail.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “Paper jam cleared”?' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    const toast = page.getByRole('status').filter({ hasText: '“Paper jam cleared” deleted.' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect(toast).toBeHidden();
    await expect(detail.getByRole('heading', { level: 2 })).toHaveText('Paper jam cleared');
    await expect(summaries).toHaveCount(2);
    await detail.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(toast).toBeHidden({ timeout: 15_000 });
    await expect(summaries).toHaveCount(1);
    await expect(summaries.first()).not.toContainText('Paper jam cleared');
    await gracePage.getByRole('button', { name: 'Sync now' }).click();
    await expect(grace.summaries).toHaveCount(1);
    await expect(grace.summaries.first()).toContainText('Network / VPN');

    // Another of Ada's devices changes the VPN summary while she deletes it here: her delete is
    // based on an older version, so the summary comes back into the list as a conflict to open.
    const { changes } = (await ada('GET', '/api/v1/summaries/changes?since=0')) as {
      changes: {
        id: string;
        requestId: string;
        version: number;
        createdAt: string;
        deleted: boolean;
        fields: object;
      }[];
    };
    const vpn = changes.find((change) => !change.deleted)!;
    await ada('POST', '/api/v1/summaries/push', {
      changes: [
        {
          op: 'upsert',
          key: randomUUID(),
          id: vpn.id,
          requestId: vpn.requestId,
          baseVersion: vpn.version,
          createdAt: vpn.createdAt,
          fields: { ...vpn.fields, title: 'VPN fixed on the laptop' },
        },
      ],
    });
    await summaries.first().click();
    await detail.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: /^Delete “/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(summaries.first()).toContainText('changed on two devices', { timeout: 15_000 });
    await summaries.first().click();
    const conflict = detail.getByRole('region', { name: 'Changed on another device too' });
    await expect(conflict).toContainText('You deleted this summary here, but another device changed it');
    await expect(conflict).toContainText('VPN fixed on the laptop');
    await conflict.getByRole('button', { name: 'Restore their version' }).click();
    await expect(detail.getByRole('heading', { level: 2 })).toHaveText('VPN fixed on the laptop');
    await expect(page.getByTestId('sync-status')).toContainText('All summaries are synced with your company.');
    await expect(summaries.first()).not.toContainText('changed on two devices');

    // German, and still no serious accessibility problem.
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await page.getByRole('navigation').getByRole('button', { name: 'Insights' }).click();
    await expect(page.getByRole('region', { name: 'Übersicht' })).toBeVisible();
    await expect(page.getByRole('heading', { name: /^Zusammenfassungen/ })).toContainText('1 Zusammenfassung');
    await summaries.first().click();
    await expect(detail.getByRole('button', { name: 'Bearbeiten' })).toBeVisible();
    await noSeriousViolations(page);
    await stage.attachOutput(testInfo);
  } finally {
    await stage.stop();
  }
});
