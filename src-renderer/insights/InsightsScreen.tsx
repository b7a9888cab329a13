import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { SyncStatusBar } from './SyncStatusBar';

type Page = Response<'insights.list'>;
const PAGE_SIZE = 50;

/** SI-9, first cut: the cached summaries, newest first, searchable; each opens to its SI-8 fields. */
export function InsightsScreen(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const searchId = useId();
  const client = useAppStore((state) => state.client);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<Page | null>(null);
  const load = useAction(
    useCallback(async () => {
      if (client)
        setPage(
          await client.invoke('insights.list', { limit: PAGE_SIZE, offset: 0, ...(query.trim() ? { query } : {}) }),
        );
    }, [client, query]),
  );
  const { run } = load;
  useEffect(() => void run(), [run]);
  useEffect(() => client?.on('insights.changed', () => void run()), [client, run]);

  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section aria-labelledby="insights-title">
      <h1 id="insights-title" tabIndex={-1}>
        {t('insights.title')}
      </h1>
      <SyncStatusBar />
      {page && (page.total > 0 || query) && (
        <div className="field">
          <label htmlFor={searchId}>{t('insights.search')}</label>
          <input id={searchId} type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
          <p className="hint" role="status">
            {t('insights.count', { count: page.total })}
          </p>
        </div>
      )}
      <ErrorText message={load.error} />
      {page && page.total === 0 && !query && (
        <div className="empty-state">
          <h2>{t('insights.emptyTitle')}</h2>
          <p>{t('insights.emptyBody')}</p>
        </div>
      )}
      {page && page.total === 0 && query && <p className="note">{t('insights.noMatch', { query })}</p>}
      <ul className="summary-list" data-testid="summary-list">
        {page?.items.map(({ id, createdAt, pending, fields }) => (
          <li key={id}>
            <details>
              <summary>
                <strong>{fields.title}</strong> · {date.format(new Date(createdAt))} ·{' '}
                {fields.issueTypes.map((issue) => t(`insights.issue.${issue.type}`)).join(', ')}
                {pending && <span className="badge">{t('insights.notSynced')}</span>}
              </summary>
              <dl className="facts">
                <dt>{t('insights.problem')}</dt>
                <dd>{fields.problem}</dd>
                <dt>{t('insights.actions')}</dt>
                <dd>
                  <ul>
                    {fields.actionsTaken.map((action, index) => (
                      <li key={index}>{action}</li>
                    ))}
                  </ul>
                </dd>
                <dt>{t('insights.outcome')}</dt>
                <dd>{fields.outcome}</dd>
                {fields.followUps.length > 0 && (
                  <>
                    <dt>{t('insights.followUps')}</dt>
                    <dd>{fields.followUps.join(' · ')}</dd>
                  </>
                )}
                <dt>{t('insights.applications')}</dt>
                <dd>{fields.applications.join(', ') || '—'}</dd>
                <dt>{t('insights.issueTypes')}</dt>
                <dd>
                  {fields.issueTypes
                    .map((issue) => `${t(`insights.issue.${issue.type}`)} (${Math.round(issue.confidence * 100)} %)`)
                    .join(', ')}
                </dd>
              </dl>
              <p className="hint">
                {t('insights.device', {
                  id: fields.device.id.replace(/(\d{3})(?=\d)/g, '$1 '),
                  os: t(`insights.os.${fields.device.os}`),
                  minutes: Math.max(1, Math.round(fields.durationSeconds / 60)),
                })}{' '}
                · {fields.summarizer === 'builtin' ? t('insights.builtin') : t('insights.ai')}
                {fields.note && ` · ${fields.note}`}
              </p>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
