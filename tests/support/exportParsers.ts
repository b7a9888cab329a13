import JSZip from 'jszip';

/** The text of every page of a PDF, as pdf.js (Firefox's reader) extracts it. */
export async function pdfText(content: Buffer): Promise<{ text: string; pages: number; language: string | null }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await getDocument({ data: new Uint8Array(content), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const { items } = await page.getTextContent();
    pages.push(items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  const { info } = (await document.getMetadata()) as { info: { Language?: string } };
  const language = info.Language ?? null;
  await document.destroy();
  return { text: pages.join('\n'), pages: document.numPages, language };
}

/** A DOCX's body text (paragraphs on their own lines) and the language its default style sets. */
export async function docxText(content: Buffer): Promise<{ text: string; language: string | null }> {
  const zip = await JSZip.loadAsync(content);
  const body = await zip.file('word/document.xml')!.async('string');
  const styles = await zip.file('word/styles.xml')!.async('string');
  const text = body
    .split('</w:p>')
    .map((paragraph) =>
      [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
        .map((match) => match[1]!)
        .join('')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .filter(Boolean)
    .join('\n');
  return { text, language: /<w:lang w:val="([^"]+)"/.exec(styles)?.[1] ?? null };
}
