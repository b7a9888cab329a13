import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryFilter } from '../../src-shared/domain/summary';
import { exportFormatSchema, type ExportFormat, type ExportProgress } from '../../src-shared/domain/summaryExport';
import type { TandemClient } from '../../src-shared/ipc/client';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/** Reads a finished export from the core and hands it to the browser (Electron: its save dialog). */
async function save(client: TandemClient, progress: ExportProgress): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const chunk: { data: string; next: number | null } = await client.invoke('insights.exportChunk', {
      exportId: progress.exportId,
      offset,
    });
    parts.push(Uint8Array.from(atob(chunk.data), (char) => char.charCodeAt(0)));
    offset = chunk.next;
  }
  const url = URL.createObjectURL(new Blob(parts, { type: progress.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = progress.fileName ?? 'session-insights';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * SI-10: export one summary or every summary the filters match — format and language chosen,
 * progress shown, cancellable — then saved as a file.
 */
export function ExportDialog({
  target,
  onClose,
}: {
  /** `more`: at least `count` match the filter (a search's count stops at a bound). */
  target: { ids: string[] } | { filter: SummaryFilter; count: number; more: boolean };
  onClose(): void;
}): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const id = useId();
  const client = useAppStore((state) => state.client);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [language, setLanguage] = useState<'en' | 'de'>(i18n.language.startsWith('de') ? 'de' : 'en');
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const exportId = useRef<string | null>(null);
  const count = 'ids' in target ? target.ids.length : target.count;

  const saveFile = useAction(
    useCallback(
      async (done: ExportProgress) => {
        if (client) await save(client, done);
      },
      [client],
    ),
  );
  const { run: saveRun } = saveFile;
  useEffect(() => dialogRef.current?.showModal(), []);
  useEffect(() => {
    if (!client) return;
    return client.on('insights.export', (update) => {
      if (update.exportId !== exportId.current) return;
      setProgress(update);
      if (update.state === 'done') void saveRun(update);
    });
  }, [client, saveRun]);
  const start = useAction(async () => {
    if (!client) return;
    setProgress(null);
    const request = 'ids' in target ? { ids: target.ids } : { filter: target.filter };
    exportId.current = (await client.invoke('insights.export', { ...request, format, language })).exportId;
    setProgress({ exportId: exportId.current, state: 'running', done: 0, total: count });
  });
  const running = start.busy || progress?.state === 'running';
  const close = () => {
    if (running && exportId.current && client)
      void client.invoke('insights.cancelExport', { exportId: exportId.current });
    dialogRef.current?.close();
    onClose();
  };

  return (
    <dialog
      ref={dialogRef}
      className="modal export-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <h2 id={`${id}-title`}>
        {'more' in target && target.more
          ? t('insights.export.titleMore', { count })
          : t('insights.export.title', { count })}
      </h2>
      <div className="field">
        <label htmlFor={`${id}-format`}>{t('insights.export.format')}</label>
        <select
          id={`${id}-format`}
          value={format}
          disabled={running}
          onChange={(event) => setFormat(event.target.value as ExportFormat)}
        >
          {exportFormatSchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`insights.export.formats.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-language`}>{t('insights.export.language')}</label>
        <select
          id={`${id}-language`}
          value={language}
          disabled={running}
          onChange={(event) => setLanguage(event.target.value as 'en' | 'de')}
        >
          <option value="en">{t('language.en')}</option>
          <option value="de">{t('language.de')}</option>
        </select>
      </div>
      <p className="hint">{t('insights.export.languageHint')}</p>
      {progress?.state === 'running' && (
        <div className="export-progress">
          <label htmlFor={`${id}-progress`}>
            {t('insights.export.running', { done: progress.done, total: progress.total })}
          </label>
          <progress id={`${id}-progress`} max={Math.max(1, progress.total)} value={progress.done} />
        </div>
      )}
      <p role="status" className="hint">
        {progress?.state === 'done' && !saveFile.busy && t('insights.export.done', { file: progress.fileName ?? '' })}
        {progress?.state === 'cancelled' && t('insights.export.cancelled')}
      </p>
      {progress?.state === 'failed' && (
        <p className="error" role="alert">
          {t('insights.export.failed')}
        </p>
      )}
      <ErrorText message={start.error ?? saveFile.error} />
      <div className="modal-actions">
        {!running && (
          <button type="button" onClick={() => void start.run()}>
            {t('insights.export.start')}
          </button>
        )}
        {running && progress && (
          <button
            type="button"
            className="secondary"
            onClick={() => client && void client.invoke('insights.cancelExport', { exportId: progress.exportId })}
          >
            {t('insights.export.cancel')}
          </button>
        )}
        <button type="button" className="secondary" onClick={close}>
          {t('insights.export.close')}
        </button>
      </div>
    </dialog>
  );
}
