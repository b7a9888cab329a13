import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryFilter, SummaryOverview } from '../../src-shared/domain/summary';
import { TandemError } from '../../src-shared/errors';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { errorMessage, useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { ExportDialog } from './ExportDialog';
import { FilterBar } from './FilterBar';
import { latestOnly, type LatestOnly } from './latestOnly';
import { toSummaryFilter, useInsightsStore } from './insightsStore';
import { Overview } from './Overview';
import { SummaryDetail } from './SummaryDetail';
import { SummaryList, type ListTotal } from './SummaryList';
import { SyncStatusBar } from './SyncStatusBar';
import './insights.css';

/** How long typing in the search box pauses before the overview counts the new search. */
const TYPING_PAUSE_MS = 300;

/**
 * SI-9, the Insights view: the overview of issue types and applications at the top, the list
 * below, the chosen summary on the right. Filters, the period and the search narrow all three.
 */
export function InsightsScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const account = useAppStore((state) => state.account);
  const readOnly = useInsightsStore((state) => state.readOnly);
  const filter = useInsightsStore((state) => state.filter);
  const pendingDelete = useInsightsStore((state) => state.pendingDelete);
  const selectedId = useInsightsStore((state) => state.selectedId);
  const deleteError = useInsightsStore((state) => state.deleteError);
  const undoDelete = useInsightsStore((state) => state.undoDelete);
  const flushDelete = useInsightsStore((state) => state.flushDelete);
  const summaryFilter = useMemo(() => toSummaryFilter(filter), [filter]);
  const [generation, setGeneration] = useState(0);
  const [overview, setOverview] = useState<SummaryOverview | null>(null);
  // Which filter and cache state the charts count: any other and they are marked as updating.
  const [countedKey, setCountedKey] = useState<string | null>(null);
  const overviewKey = `${JSON.stringify(summaryFilter)}#${generation}`;
  const [facets, setFacets] = useState<Response<'insights.facets'> | null>(null);
  const [listTotal, setListTotal] = useState<ListTotal | null>(null);
  const total = listTotal?.count ?? null;
  const mayView = !account?.signedIn || account.permissions.includes('insights.view');
  const canExport = !readOnly && account?.signedIn === true && account.permissions.includes('insights.export');
  const [exportingAll, setExportingAll] = useState(false);

  useEffect(() => client?.on('insights.changed', () => setGeneration((value) => value + 1)), [client]);
  // Leaving the view does not undo a delete: it goes through at once.
  useEffect(() => () => void (client && flushDelete(client)), [client, flushDelete]);

  // One overview out at a time, for the newest filter only: typing must not queue a count per key.
  const [overviewError, setOverviewError] = useState<string | null>(null);
  const overviews = useRef<LatestOnly<{ filter: SummaryFilter; key: string }> | null>(null);
  useEffect(() => {
    if (!client) return;
    const asking = latestOnly(
      async ({ filter: question, key }: { filter: SummaryFilter; key: string }) => ({
        key,
        counts: await client.invoke('insights.overview', question),
      }),
      (answer: { key: string; counts: SummaryOverview }) => {
        setOverview(answer.counts);
        setCountedKey(answer.key);
        setOverviewError(null);
      },
      (error) => {
        // The error says the charts are not current; they no longer wait for an answer.
        setCountedKey(null);
        setOverviewError(errorMessage(t, error instanceof TandemError ? error : null));
      },
    );
    overviews.current = asking;
    return () => asking.stop();
  }, [client, t]);
  // While a search is typed, the counts follow once typing pauses: counting every match of each
  // prefix took a core for 80–330 ms per key beside the list's own read on a 2-core machine.
  const countedQuery = useRef(filter.query);
  useEffect(() => {
    if (!mayView) return;
    const typed = filter.query !== countedQuery.current;
    const ask = () => {
      countedQuery.current = filter.query;
      overviews.current?.ask({ filter: summaryFilter, key: overviewKey });
    };
    if (!typed) return ask();
    const timer = setTimeout(ask, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [client, t, mayView, filter.query, summaryFilter, overviewKey]);
  // The filters' choices change only with the cache, not with every keystroke.
  const loadFacets = useAction(
    useCallback(async () => {
      if (client && mayView) setFacets(await client.invoke('insights.facets', {}));
    }, [client, mayView]),
  );
  const { run: runFacets } = loadFacets;
  useEffect(() => void runFacets(), [runFacets, generation]);
  const onTotal = useCallback((value: ListTotal | null) => setListTotal(value), []);

  const empty = facets !== null && facets.devices.length === 0;
  // The empty view says whether Session Insights is on: asked afresh, as an administrator may have
  // turned it on since this user signed in.
  const setAccount = useAppStore((state) => state.setAccount);
  const signedIn = account?.signedIn === true;
  useEffect(() => {
    if (client && empty && signedIn && !readOnly)
      void client.invoke('account.status', {}).then(setAccount, () => undefined);
  }, [client, empty, signedIn, readOnly, setAccount]);
  return (
    <section aria-labelledby="insights-title" className="insights">
      <h1 id="insights-title" tabIndex={-1}>
        {t('insights.title')}
      </h1>
      {!mayView ? (
        <p className="note">{t('insights.noAccess')}</p>
      ) : (
        <>
          {!readOnly && <SyncStatusBar />}
          <ErrorText message={overviewError ?? loadFacets.error} />
          {empty ? (
            <div className="empty-state">
              <h2>{t('insights.emptyTitle')}</h2>
              <p>
                {account?.signedIn !== true
                  ? t('insights.emptyBodySignedOut')
                  : account.insightsOn
                    ? t('insights.emptyBodyOn')
                    : t('insights.emptyBody')}
              </p>
            </div>
          ) : (
            <>
              <FilterBar facets={facets} />
              <Overview
                overview={overview}
                updating={overview !== null && overviewError === null && countedKey !== overviewKey}
              />
              <div className="insights-layout">
                <div className="list-column">
                  <h2 className="list-heading">
                    {t('insights.list')}{' '}
                    {listTotal !== null && (
                      <span className="hint" role="status">
                        {listTotal.more ? (
                          <>
                            <span aria-hidden="true">{t('insights.countMore', { count: listTotal.count })}</span>
                            <span className="visually-hidden">
                              {t('insights.countMoreSpoken', { count: listTotal.count })}
                            </span>
                          </>
                        ) : (
                          t('insights.count', { count: listTotal.count })
                        )}
                      </span>
                    )}
                  </h2>
                  {canExport && total !== null && total > 0 && (
                    <button type="button" className="secondary small" onClick={() => setExportingAll(true)}>
                      {listTotal?.more
                        ? t('insights.export.openAllMore', { count: total })
                        : t('insights.export.openAll', { count: total })}
                    </button>
                  )}
                  {exportingAll && total !== null && (
                    <ExportDialog
                      target={{ filter: summaryFilter, count: total, more: listTotal?.more === true }}
                      onClose={() => setExportingAll(false)}
                    />
                  )}
                  {total === 0 && <p className="note">{t('insights.noMatchFilters')}</p>}
                  <SummaryList filter={summaryFilter} generation={generation} onTotal={onTotal} />
                </div>
                <SummaryDetail key={selectedId} generation={generation} />
              </div>
            </>
          )}
          {pendingDelete && (
            <div className="toast" role="status">
              <span>{t('insights.deleted', { title: pendingDelete.title })}</span>
              <button type="button" onClick={undoDelete}>
                {t('insights.undo')}
              </button>
            </div>
          )}
          {deleteError && (
            <p className="error" role="alert">
              {t('insights.deleteFailed', { reason: errorMessage(t, deleteError) })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
