import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpSession } from '../../src-shared/liveview/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { LiveViewList } from './LiveViewList';
import { groupCode, useLiveViewStore, visibleRows, type LiveViewQuery, type LiveViewSort } from './liveViewStore';
import './liveview.css';

/** "Open for" moves on by the minute; this is often enough to never be a minute behind for long. */
const TICK_MS = 15_000;
const SORTS: readonly LiveViewSort[] = ['openedAt', 'status', 'deviceName', 'code'];

/**
 * LV-1, the supporter's Live View: everyone in the company asking for help, live, while the screen
 * is shown (the desktop core's feed, or the web console's socket: the same channels). Sorting, the
 * status filter and the search work over the rows in hand, at once.
 */
export function LiveViewScreen({
  onConnect,
}: {
  /**
   * LV-3: asks to connect to the help session, with what for (the end user reads it in the prompt).
   * Without it the rows have no Connect button (the web console cannot connect).
   */
  onConnect?: (helpSession: HelpSession, reason: string | undefined) => Promise<void>;
}): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useAppStore((state) => state.client);
  const state = useLiveViewStore((store) => store.state);
  const rows = useLiveViewStore((store) => store.rows);
  const query = useLiveViewStore((store) => store.query);
  const setQuery = useLiveViewStore((store) => store.setQuery);
  const [now, setNow] = useState(() => Date.now());
  const ids = { search: useId(), status: useId(), sort: useId(), order: useId(), request: useId(), reason: useId() };
  const [asking, setAsking] = useState<HelpSession | null>(null);
  const [reason, setReason] = useState('');
  const request = useAction(async () => {
    if (!asking || !onConnect) return;
    await onConnect(asking, reason.trim() || undefined);
    setAsking(null);
  });
  const ask = (helpSession: HelpSession) => {
    setAsking(helpSession);
    setReason('');
  };

  useEffect(() => (client ? useLiveViewStore.getState().follow(client) : undefined), [client]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const shown = useMemo(() => visibleRows(rows, query), [rows, query]);
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' });
  const narrowed = query.search.trim() !== '' || query.status !== 'all';
  const set = (patch: Partial<LiveViewQuery>) => setQuery(patch);

  const body = (() => {
    switch (state.state) {
      case 'closed':
      case 'loading':
        return (
          <p className="list-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('liveView.loading')}
          </p>
        );
      case 'not_permitted':
        return (
          <p className="note" role="alert">
            {t('liveView.notPermitted')}
          </p>
        );
      case 'signed_out':
        return <p className="note">{t('liveView.signedOut')}</p>;
      case 'live':
      case 'offline':
        if (rows.size === 0 && state.state === 'live') {
          return (
            <div className="empty-state" data-testid="liveview-empty">
              <h2>{t('liveView.emptyTitle')}</h2>
              <p>{t('liveView.emptyBody')}</p>
            </div>
          );
        }
        return (
          <>
            <p className="hint list-count">{t('liveView.count', { shown: shown.length, count: rows.size })}</p>
            {shown.length === 0 && narrowed && <p className="note">{t('liveView.noMatch')}</p>}
            {asking && (
              <form
                className="liveview-request"
                aria-labelledby={ids.request}
                onSubmit={(event) => {
                  event.preventDefault();
                  void request.run();
                }}
              >
                <h2 id={ids.request}>
                  {t('liveView.request.title', {
                    name: asking.yourName ?? asking.deviceName,
                    code: groupCode(asking.code),
                  })}
                </h2>
                <div className="field">
                  <label htmlFor={ids.reason}>{t('liveView.request.reason')}</label>
                  <input
                    id={ids.reason}
                    maxLength={200}
                    value={reason}
                    autoFocus
                    onChange={(event) => setReason(event.target.value)}
                  />
                </div>
                <p className="hint">{t('liveView.request.hint')}</p>
                <div className="modal-actions">
                  <button type="submit" disabled={request.busy} aria-busy={request.busy}>
                    {t('liveView.request.send')}
                  </button>
                  <button type="button" className="secondary" onClick={() => setAsking(null)}>
                    {t('liveView.request.cancel')}
                  </button>
                </div>
                <ErrorText message={request.error} />
              </form>
            )}
            <LiveViewList
              rows={shown}
              now={now}
              stale={state.state === 'offline'}
              onConnect={onConnect ? ask : undefined}
            />
          </>
        );
    }
  })();

  return (
    <section aria-labelledby="liveview-title" className="liveview">
      <h1 id="liveview-title" tabIndex={-1}>
        {t('liveView.title')}
      </h1>
      <p className="lead">{t('liveView.lead')}</p>
      {state.state === 'offline' && (
        <p className="liveview-offline" role="status">
          {t('liveView.offline', { time: time.format(new Date(state.since)) })}
        </p>
      )}
      {(state.state === 'live' || state.state === 'offline') && (
        <div className="list-toolbar">
          <div className="field">
            <label htmlFor={ids.search}>{t('liveView.search')}</label>
            <input
              id={ids.search}
              type="search"
              value={query.search}
              onChange={(event) => set({ search: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.status}>{t('liveView.statusFilter')}</label>
            <select
              id={ids.status}
              value={query.status}
              onChange={(event) => set({ status: event.target.value as LiveViewQuery['status'] })}
            >
              <option value="all">{t('liveView.statusAll')}</option>
              <option value="active">{t('liveView.status.active')}</option>
              <option value="idle">{t('liveView.status.idle')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.sort}>{t('liveView.sortBy')}</label>
            <select
              id={ids.sort}
              value={query.sort}
              onChange={(event) => set({ sort: event.target.value as LiveViewSort })}
            >
              {SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {t(`liveView.sort.${sort}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.order}>{t('liveView.order')}</label>
            <select
              id={ids.order}
              value={query.order}
              onChange={(event) => set({ order: event.target.value as LiveViewQuery['order'] })}
            >
              <option value="asc">{t('liveView.asc')}</option>
              <option value="desc">{t('liveView.desc')}</option>
            </select>
          </div>
        </div>
      )}
      {body}
    </section>
  );
}
