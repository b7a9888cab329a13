import { stringify } from 'csv-stringify/sync';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SummaryFields } from '../../../../src-shared/domain/summary';
import type { ExportFormat, SummaryExportJson } from '../../../../src-shared/domain/summaryExport';
import type { DescribedSummary, ExportLanguage, ExportTexts } from '../../../../src-shared/insights/summaryText';

/** A summary as it goes into an export (in the export's language where it could be written so). */
export interface ExportItem {
  id: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  fields: SummaryFields;
  languageNote: string | null;
}

export interface WriteContext {
  language: ExportLanguage;
  texts: ExportTexts;
  exportedAt: Date;
  /** Called after each summary: reports progress, and throws when the export was cancelled. */
  tick(done: number): Promise<void>;
}

type Writer = (items: readonly ExportItem[], context: WriteContext) => Promise<Buffer>;

async function eachDescribed(
  items: readonly ExportItem[],
  context: WriteContext,
  write: (described: DescribedSummary, item: ExportItem) => void,
): Promise<void> {
  for (const [index, item] of items.entries()) {
    write(context.texts.describe(item.id, item.fields, item.languageNote), item);
    await context.tick(index + 1);
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
/** Markdown that renders as the text says, whatever characters the chat contained. */
const escapeMarkdown = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&').replace(/\n/g, ' ');

const markdown: Writer = async (items, context) => {
  const out = [
    `# ${context.texts.labels.documentTitle}`,
    '',
    `_${escapeMarkdown(context.texts.heading(context.exportedAt, items.length))}_`,
    '',
    `_${escapeMarkdown(context.texts.neverLogged)}_`,
    '',
  ];
  await eachDescribed(items, context, (summary) => {
    out.push(`## ${escapeMarkdown(summary.title)}`, '');
    if (summary.languageNote) out.push(`> ${escapeMarkdown(summary.languageNote)}`, '');
    for (const fact of summary.facts) out.push(`- **${escapeMarkdown(fact.label)}:** ${escapeMarkdown(fact.value)}`);
    out.push('');
    for (const section of summary.sections) {
      out.push(`### ${escapeMarkdown(section.label)}`, '');
      if (section.lines.length === 1) out.push(escapeMarkdown(section.lines[0]!), '');
      else out.push(...section.lines.map((line) => `- ${escapeMarkdown(line)}`), '');
    }
  });
  return Buffer.from(out.join('\n'), 'utf8');
};

const html: Writer = async (items, context) => {
  const { labels } = context.texts;
  const parts: string[] = [];
  await eachDescribed(items, context, (summary) => {
    parts.push(
      `<article id="summary-${escapeHtml(summary.id)}">`,
      `<h2>${escapeHtml(summary.title)}</h2>`,
      summary.languageNote ? `<p class="note">${escapeHtml(summary.languageNote)}</p>` : '',
      '<dl>',
      ...summary.facts.map((fact) => `<dt>${escapeHtml(fact.label)}</dt><dd>${escapeHtml(fact.value)}</dd>`),
      '</dl>',
      ...summary.sections.map(
        (section) =>
          `<h3>${escapeHtml(section.label)}</h3>` +
          (section.lines.length === 1
            ? `<p>${escapeHtml(section.lines[0]!)}</p>`
            : `<ul>${section.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`),
      ),
      '</article>',
    );
  });
  const page = `<!doctype html>
<html lang="${context.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(labels.documentTitle)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
article { border-top: 1px solid #d5dae1; padding-top: 1rem; margin-top: 1.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; }
.note { color: #8a5300; }
</style>
</head>
<body>
<h1>${escapeHtml(labels.documentTitle)}</h1>
<p>${escapeHtml(context.texts.heading(context.exportedAt, items.length))}</p>
<p>${escapeHtml(context.texts.neverLogged)}</p>
${parts.join('\n')}
</body>
</html>
`;
  return Buffer.from(page, 'utf8');
};

const json: Writer = async (items, context) => {
  const summaries: SummaryExportJson['summaries'] = [];
  for (const [index, item] of items.entries()) {
    summaries.push({
      id: item.id,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      version: item.version,
      startedLocal: context.texts.dateTime.format(new Date(item.fields.startedAt)),
      issueTypes: item.fields.issueTypes.map((issue) => ({ ...issue, label: context.texts.terms.issue[issue.type] })),
      languageNote: item.languageNote,
      fields: item.fields,
    });
    await context.tick(index + 1);
  }
  const document: SummaryExportJson = {
    format: 'tandem.session-insights',
    version: 1,
    language: context.language,
    exportedAt: context.exportedAt.toISOString(),
    summaries,
  };
  return Buffer.from(JSON.stringify(document, null, 2), 'utf8');
};

/** CSV as spreadsheets in the language's region open it: `;` and decimal commas for German. */
const csv: Writer = async (items, context) => {
  const { labels, terms, dateTime, number } = context.texts;
  const rows: string[][] = [
    [
      labels.id,
      labels.title,
      labels.started,
      labels.durationMinutes,
      labels.device,
      labels.os,
      labels.participants,
      labels.issueTypes,
      labels.applications,
      labels.ticket,
      labels.problem,
      labels.actions,
      labels.outcome,
      labels.followUps,
      labels.summarizer,
      labels.note,
    ],
  ];
  for (const [index, { id, fields, languageNote }] of items.entries()) {
    rows.push([
      id,
      fields.title,
      dateTime.format(new Date(fields.startedAt)),
      number.format(Math.max(1, fields.durationSeconds / 60)),
      fields.device.id,
      terms.os[fields.device.os],
      context.texts.participants(fields),
      context.texts.issueTypes(fields),
      fields.applications.join(', '),
      fields.ticket ?? '',
      fields.problem,
      fields.actionsTaken.join('\n'),
      fields.outcome,
      fields.followUps.join('\n'),
      fields.summarizer === 'builtin' ? labels.builtin : labels.ai,
      [fields.note, languageNote].filter(Boolean).join(' '),
    ]);
    await context.tick(index + 1);
  }
  // The byte-order mark lets spreadsheet programs read UTF-8 (umlauts) correctly. Summary text
  // comes from chats and remote screens: a cell starting with = + - @ (or their full-width forms),
  // a tab or a carriage return gets a leading apostrophe, so no spreadsheet runs it as a formula
  // (OWASP, CSV injection) and the reader still sees the text.
  const delimiter = context.language === 'de' ? ';' : ',';
  return Buffer.from(`\ufeff${stringify(rows, { delimiter, escape_formulas: true })}`, 'utf8');
};

const require = createRequire(__filename);
/** DejaVu Sans covers Latin, Greek and Cyrillic text, so a chat in any of them prints as written. */
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = { regular: join(FONT_DIR, 'DejaVuSans.ttf'), bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf') };

const pdf: Writer = async (items, context) => {
  const { labels } = context.texts;
  const document = new PDFDocument({
    size: 'A4',
    margin: 50,
    font: FONTS.regular,
    lang: context.language,
    info: { Title: labels.documentTitle, Creator: 'Tandem' },
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  document.font(FONTS.bold).fontSize(20).text(labels.documentTitle);
  document
    .font(FONTS.regular)
    .fontSize(10)
    .fillColor('#5a6472')
    .text(context.texts.heading(context.exportedAt, items.length))
    .text(context.texts.neverLogged);
  try {
    await eachDescribed(items, context, (summary) => {
      document.moveDown(1.2).fillColor('#1b1f24').font(FONTS.bold).fontSize(14).text(summary.title);
      if (summary.languageNote)
        document.font(FONTS.regular).fontSize(9).fillColor('#8a5300').text(summary.languageNote);
      document.fillColor('#1b1f24').fontSize(10);
      for (const fact of summary.facts) {
        document.font(FONTS.bold).text(`${fact.label}: `, { continued: true }).font(FONTS.regular).text(fact.value);
      }
      for (const section of summary.sections) {
        document.moveDown(0.4).font(FONTS.bold).text(section.label).font(FONTS.regular);
        if (section.lines.length === 1) document.text(section.lines[0]!);
        else document.list(section.lines, { bulletRadius: 1.5 });
      }
    });
  } finally {
    document.end();
  }
  return finished;
};

const docx: Writer = async (items, context) => {
  const { labels } = context.texts;
  const paragraphs: Paragraph[] = [
    new Paragraph({ text: labels.documentTitle, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: context.texts.heading(context.exportedAt, items.length) }),
    new Paragraph({ text: context.texts.neverLogged }),
  ];
  await eachDescribed(items, context, (summary) => {
    paragraphs.push(new Paragraph({ text: summary.title, heading: HeadingLevel.HEADING_1 }));
    if (summary.languageNote)
      paragraphs.push(new Paragraph({ children: [new TextRun({ text: summary.languageNote, italics: true })] }));
    for (const fact of summary.facts) {
      paragraphs.push(
        new Paragraph({ children: [new TextRun({ text: `${fact.label}: `, bold: true }), new TextRun(fact.value)] }),
      );
    }
    for (const section of summary.sections) {
      paragraphs.push(new Paragraph({ text: section.label, heading: HeadingLevel.HEADING_2 }));
      for (const line of section.lines)
        paragraphs.push(
          new Paragraph(section.lines.length === 1 ? { text: line } : { text: line, bullet: { level: 0 } }),
        );
    }
  });
  const document = new Document({
    creator: 'Tandem',
    title: labels.documentTitle,
    // Word checks spelling, and reads dates and numbers, in the document's language.
    styles: { default: { document: { run: { font: 'Calibri', language: { value: context.texts.locale } } } } },
    sections: [{ properties: {}, children: paragraphs }],
  });
  return Packer.toBuffer(document);
};

export const WRITERS: Record<ExportFormat, Writer> = { pdf, docx, markdown, html, json, csv };
