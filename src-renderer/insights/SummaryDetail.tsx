import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryFields } from '../../src-shared/domain/summary';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { formatDeviceId } from './FilterBar';
import { useInsightsStore } from './insightsStore';
import { ExportDialog } from './ExportDialog';
import { SummaryEditForm } from './SummaryEditForm';

type Detail = Response<'insights.detail'>;

function Facts({ fields }: { fields: SummaryFields }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t('insights.problem')}</dt>
      <dd>{fields.problem || '—'}</dd>
      <dt>{t('insights.actions')}</dt>
      <dd>
        {fields.actionsTaken.length === 0 ? (
          '—'
        ) : (
          <ul>
            {fields.actionsTaken.map((action, index) => (
              <li key={index}>{action}</li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('insights.outcome')}</dt>
      <dd>{fields.outcome || '—'}</dd>
      {fields.followUps.length > 0 && (
        <>
          <dt>{t('insights.followUps')}</dt>
          <dd>{fields.followUps.join(' · ')}</dd>
        </>
      )}
      <dt>{t('insights.issueTypes')}</dt>
      <dd>
        {fields.issueTypes
          .map((issue) => `${t(`insights.issue.${issue.type}`)} (${Math.round(issue.confidence * 100)} %)`)
          .join(', ')}
      </dd>
      <dt>{t('insights.applications')}</dt>
      <dd>{fields.applications.join(', ') || '—'}</dd>
      {fields.ticket && (
        <>
          <dt>{t('insights.ticket')}</dt>
          <dd>{fields.ticket}</dd>
        </>
      )}
      <dt>{t('insights.participants')}</dt>
      <dd>
        {fields.participants.map((person) => `${person.name} (${t(`insights.role.${person.role}`)})`).join(', ') || '—'}
      </dd>
    </dl>
  );
}

/** SI-9: the chosen summary in full, with Edit and Delete where the role allows, its history and any conflict. */
export function SummaryDetail({ generation }: { generation: number }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const client = useAppStore((state) => state.client);
  const account = useAppStore((state) => state.account);
  const selectedId = useInsightsStore((state) => state.selectedId);
  const deleteLater = useInsightsStore((state) => state.deleteLater);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [editing, setEditing] = useState(false);
  const confirmRef = useRef<HTMLDialogElement>(null);
  const readOnly = useInsightsStore((state) => state.readOnly);
  // A read-only view (the web console) offers no change, whatever the role allows.
  const granted = account?.signedIn === true && !readOnly ? account.permissions : [];
  const canEdit = granted.includes('insights.edit');
  const canDelete = granted.includes('insights.delete');
  const canExport = granted.includes('insights.export');
  const [exporting, setExporting] = useState(false);

  const load = useAction(
    useCallback(async () => {
      setDetail(null);
      if (client && selectedId) setDetail(await client.invoke('insights.detail', { id: selectedId }));
    }, [client, selectedId]),
  );
  const { run } = load;
  useEffect(() => void run(), [run, generation]);
  const resolve = useAction(async (keep: 'mine' | 'theirs') => {
    if (client && detail) await client.invoke('insights.resolveConflict', { id: detail.summary.id, keep });
  });

  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  if (!selectedId) {
    return (
      <section className="summary-detail empty" aria-label={t('insights.detail')}>
        <p className="hint">{t('insights.selectPrompt')}</p>
      </section>
    );
  }
  if (!detail) {
    return (
      <section className="summary-detail" aria-label={t('insights.detail')} aria-busy={load.busy}>
        {load.busy && <div className="skeleton-block" aria-hidden="true" />}
        <ErrorText message={load.error} />
      </section>
    );
  }

  const { summary, history, conflict } = detail;
  const fields = summary.fields;
  const by = (name: string | null) => (name ? t('insights.byPerson', { name }) : t('insights.bySummarizer'));
  return (
    <section className="summary-detail" aria-labelledby={headingId} data-testid="summary-detail">
      <h2 id={headingId}>{fields.title}</h2>
      <p className="hint">
        {t('insights.started', {
          date: date.format(new Date(fields.startedAt)),
          minutes: Math.max(1, Math.round(fields.durationSeconds / 60)),
        })}{' '}
        ·{' '}
        {t('insights.device', {
          id: formatDeviceId(fields.device.id),
          os: t(`insights.os.${fields.device.os}`),
        })}{' '}
        · {fields.summarizer === 'builtin' ? t('insights.builtin') : t('insights.ai')}
        {fields.note && ` · ${fields.note}`}
      </p>

      {conflict && (
        <div className="conflict" role="region" aria-label={t('insights.conflictTitle')}>
          <h3>{t('insights.conflictTitle')}</h3>
          {conflict.deleted || !conflict.fields ? (
            <p>{t('insights.conflictDeleted')}</p>
          ) : (
            <>
              <p>
                {t(conflict.deletedHere ? 'insights.conflictDeletedHere' : 'insights.conflictBody', {
                  version: conflict.version,
                  by: by(conflict.updatedBy),
                  date: date.format(new Date(conflict.updatedAt)),
                })}
              </p>
              <div className="versions">
                <div>
                  <h4>{t('insights.theirs')}</h4>
                  <p>
                    <strong>{conflict.fields.title}</strong>
                  </p>
                  <Facts fields={conflict.fields} />
                </div>
                {!conflict.deletedHere && (
                  <div>
                    <h4>{t('insights.mine')}</h4>
                    <p>
                      <strong>{fields.title}</strong>
                    </p>
                  </div>
                )}
              </div>
            </>
          )}
          {(conflict.deletedHere ? canDelete : canEdit) && (
            <div className="actions">
              <button type="button" disabled={resolve.busy} onClick={() => void resolve.run('mine')}>
                {conflict.deletedHere
                  ? t('insights.keepDeleted')
                  : conflict.deleted
                    ? t('insights.restoreMine')
                    : t('insights.keepMine')}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={resolve.busy}
                onClick={() => void resolve.run('theirs')}
              >
                {conflict.deletedHere
                  ? t('insights.restoreTheirs')
                  : conflict.deleted
                    ? t('insights.deleteToo')
                    : t('insights.takeTheirs')}
              </button>
            </div>
          )}
          <ErrorText message={resolve.error} />
        </div>
      )}

      {editing ? (
        <SummaryEditForm
          fields={fields}
          onCancel={() => setEditing(false)}
          onSave={async (changes) => {
            if (!client) return;
            await client.invoke('insights.update', { id: summary.id, changes });
            setEditing(false);
          }}
        />
      ) : (
        <>
          {(canEdit || canDelete || canExport) && (
            <div className="actions">
              {canEdit && (
                <button type="button" onClick={() => setEditing(true)}>
                  {t('insights.edit')}
                </button>
              )}
              {canDelete && (
                <button type="button" className="danger" onClick={() => confirmRef.current?.showModal()}>
                  {t('insights.delete')}
                </button>
              )}
              {canExport && (
                <button type="button" className="secondary" onClick={() => setExporting(true)}>
                  {t('insights.export.open')}
                </button>
              )}
            </div>
          )}
          <Facts fields={fields} />
        </>
      )}

      <details className="history">
        <summary>{t('insights.history', { count: history.length })}</summary>
        <ol>
          {history.map((version) => (
            <li key={`${version.version ?? 'here'}-${version.changedAt}`}>
              {version.version === null
                ? t('insights.versionUnconfirmed', {
                    date: date.format(new Date(version.changedAt)),
                    by: by(version.changedBy),
                  })
                : t('insights.version', {
                    version: version.version,
                    date: date.format(new Date(version.changedAt)),
                    by: by(version.changedBy),
                  })}
              : <q>{version.fields.title}</q>
            </li>
          ))}
        </ol>
      </details>

      {exporting && <ExportDialog target={{ ids: [summary.id] }} onClose={() => setExporting(false)} />}
      <dialog ref={confirmRef} className="modal" aria-labelledby={`${headingId}-confirm`}>
        <h2 id={`${headingId}-confirm`}>{t('insights.confirmDelete', { title: fields.title })}</h2>
        <p>{t('insights.confirmDeleteBody')}</p>
        <div className="modal-actions">
          <button
            type="button"
            className="danger"
            onClick={() => {
              confirmRef.current?.close();
              if (client) deleteLater(client, summary.id, fields.title);
            }}
          >
            {t('insights.delete')}
          </button>
          <button type="button" className="secondary" autoFocus onClick={() => confirmRef.current?.close()}>
            {t('insights.cancel')}
          </button>
        </div>
      </dialog>
    </section>
  );
}
