import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoggedEvent, SummaryFields } from '../../../../src-shared/domain/summary';
import { summarizeBuiltin, type SummaryInput } from '../builtinSummarizer';
import { EXPORT_FILES, type ExportProgress, type ExportRequest } from '../../../../src-shared/domain/summaryExport';
import { TandemError } from '../../../../src-shared/errors';
import type { Logger } from '../../logger';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../security/privateFiles';
import type { CachedSummary } from '../summaryCache';
import type { SummaryReader } from '../summaryReader';
import { exportTexts, type ExportLanguage } from '../../../../src-shared/insights/summaryText';
import { WRITERS, type ExportItem } from './writers';

/** How much of a finished export one read hands to the window (it travels base64-encoded). */
export const EXPORT_CHUNK_BYTES = 512 * 1024;
const PROGRESS_EVERY = 25;

class Cancelled extends Error {}

interface Job {
  progress: ExportProgress;
  cancelled: boolean;
  path: string | null;
}

/**
 * SI-10: exports summaries as PDF, DOCX, Markdown, HTML, JSON or CSV in English or German. A
 * summary written in the other language is rewritten by the built-in summarizer where this
 * device still has its session log and nobody edited it; otherwise it goes out as written, with
 * a note. Exports run in the background with progress, can be cancelled, and are read back in
 * chunks (the window saves them: a download, or Electron's save dialog).
 */
export class SummaryExporter {
  readonly #jobs = new Map<string, Job>();

  constructor(
    private readonly options: {
      /** The summaries are read through the read worker: a large export never stalls the main thread. */
      reader: SummaryReader;
      /** Where finished exports wait until the window has read them. */
      dir: string;
      /** The summary rewritten in `language` from its session log, or null where that cannot be done. */
      regenerate(
        summary: CachedSummary,
        language: ExportLanguage,
      ): Promise<SummaryFields | null> | SummaryFields | null;
      progress(progress: ExportProgress): void;
      log: Logger;
    },
  ) {
    rmSync(options.dir, { recursive: true, force: true });
    makePrivateDir(options.dir);
  }

  start(request: ExportRequest): string {
    const exportId = randomUUID();
    const job: Job = { progress: { exportId, state: 'running', done: 0, total: 0 }, cancelled: false, path: null };
    this.#jobs.set(exportId, job);
    // The answer (the export's ID) goes out first; the work starts on the next turn.
    setImmediate(() => void this.#run(job, request));
    return exportId;
  }

  cancel(exportId: string): void {
    const job = this.#jobs.get(exportId);
    if (job && job.progress.state === 'running') job.cancelled = true;
  }

  /** A chunk of a finished export; after the last one the file is gone. */
  async read(exportId: string, offset: number): Promise<{ data: Buffer; next: number | null }> {
    const job = this.#jobs.get(exportId);
    if (!job || job.progress.state !== 'done' || !job.path)
      throw new TandemError('not_found', 'This export is not ready, or was already saved.');
    const file = await open(job.path, 'r');
    let data: Buffer;
    try {
      const buffer = Buffer.alloc(EXPORT_CHUNK_BYTES);
      const { bytesRead } = await file.read(buffer, 0, EXPORT_CHUNK_BYTES, offset);
      data = buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
    const next = offset + data.length;
    if (next < job.progress.bytes!) return { data, next };
    await rm(job.path, { force: true });
    this.#jobs.delete(exportId);
    return { data, next: null };
  }

  close(): void {
    for (const job of this.#jobs.values()) job.cancelled = true;
    this.#jobs.clear();
    rmSync(this.options.dir, { recursive: true, force: true });
  }

  async #run(job: Job, request: ExportRequest): Promise<void> {
    const emit = (patch: Partial<ExportProgress>) => {
      job.progress = { ...job.progress, ...patch };
      this.options.progress(job.progress);
    };
    try {
      const summaries = await this.#collect(request);
      emit({ total: summaries.length });
      const texts = exportTexts(request.language);
      const items: ExportItem[] = [];
      for (const summary of summaries) {
        const foreign = summary.fields.language !== request.language;
        const rewritten = foreign ? await this.options.regenerate(summary, request.language) : null;
        if (job.cancelled) throw new Cancelled();
        items.push({
          id: summary.id,
          createdAt: summary.createdAt,
          updatedAt: summary.updatedAt,
          version: summary.version,
          fields: rewritten ?? summary.fields,
          languageNote: foreign && !rewritten ? texts.languageNote(summary.fields.language) : null,
        });
      }
      const exportedAt = new Date();
      const content = await WRITERS[request.format](items, {
        language: request.language,
        texts,
        exportedAt,
        tick: async (done) => {
          if (job.cancelled) throw new Cancelled();
          if (done % PROGRESS_EVERY === 0 || done === items.length) {
            emit({ done });
            // Lets a Cancel (and everything else) in between.
            await new Promise((resolve) => setImmediate(resolve));
          }
        },
      });
      if (job.cancelled) throw new Cancelled();
      const { extension, mime } = EXPORT_FILES[request.format];
      const path = join(this.options.dir, `${job.progress.exportId}.${extension}`);
      // Summaries name people and what happened on their computers: owner-only until saved.
      await writeFile(path, content, { mode: PRIVATE_FILE_MODE });
      job.path = path;
      emit({
        state: 'done',
        done: items.length,
        bytes: content.length,
        mime,
        fileName: fileNameFor(summaries, exportedAt, extension),
      });
    } catch (error) {
      if (error instanceof Cancelled) {
        emit({ state: 'cancelled' });
      } else {
        this.options.log.error({ err: error }, 'A summary export failed');
        emit({ state: 'failed', error: (error as Error).message });
      }
      this.#jobs.delete(job.progress.exportId);
    }
  }

  async #collect(request: ExportRequest): Promise<CachedSummary[]> {
    const { reader } = this.options;
    if (request.ids) {
      const found = await Promise.all(request.ids.map((id) => reader.read('get', id)));
      return found.filter((summary) => summary !== null);
    }
    const all: CachedSummary[] = [];
    for (;;) {
      const page = await reader.read('list', { ...request.filter, limit: 1000, offset: all.length });
      all.push(...page.items);
      if (page.items.length < 1000) return all;
    }
  }
}

/**
 * The summary written anew in `language` by the built-in summarizer, from the session log this
 * device kept. Only for an unedited built-in summary: an edit or an AI's text is never replaced.
 */
export function rewriteInLanguage(
  summary: CachedSummary,
  log: readonly LoggedEvent[],
  thisDeviceId: string,
  language: ExportLanguage,
): SummaryFields | null {
  if (summary.edited || summary.fields.summarizer !== 'builtin' || log.length === 0) return null;
  const rewritten = summarizeBuiltin(summaryInputFrom(summary, log, thisDeviceId), language);
  return { ...rewritten, participants: summary.fields.participants };
}

/** What a summarizer needs to write a cached summary's session again: its log and its facts. */
export function summaryInputFrom(
  summary: CachedSummary,
  log: readonly LoggedEvent[],
  thisDeviceId: string,
): SummaryInput & { sessionId: string } {
  const { fields } = summary;
  return {
    sessionId: summary.requestId,
    log,
    perspective: fields.device.id === thisDeviceId ? 'host' : 'supporter',
    supporterName: fields.participants.find((person) => person.role === 'supporter')?.name ?? '',
    endUserName: fields.participants.find((person) => person.role === 'end_user')?.name ?? null,
    device: fields.device,
    startedAt: fields.startedAt,
    endedAt: new Date(Date.parse(fields.startedAt) + fields.durationSeconds * 1000).toISOString(),
  };
}

/** One summary: named after its title; several: after the day of the export. */
function fileNameFor(summaries: CachedSummary[], exportedAt: Date, extension: string): string {
  const day = exportedAt.toISOString().slice(0, 10);
  if (summaries.length !== 1) return `session-insights-${day}.${extension}`;
  const slug = summaries[0]!.fields.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return `${slug || 'session-summary'}-${day}.${extension}`;
}
