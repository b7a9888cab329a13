import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Computer } from '../../src-shared/computers/contract';
import { errorMessage } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { ComputersList } from './ComputersList';
import { DEFAULT_QUERY, useComputersStore, type ComputersQuery } from './computersStore';
import './computers.css';

/** "Last seen" moves on by the minute; this is often enough to never be a minute behind for long. */
const TICK_MS = 30_000;
/** Typing settles this long before the endpoint is asked (one request per pause, not per key). */
const SEARCH_PAUSE_MS = 250;

/**
 * Computers (issue 15, item 7): the company's computers for supporters with *computers.view* —
 * online or not, searched and filtered by the endpoint (`computers.list`), in the desktop app and
 * the web console alike (the same channel); in the app, read again when one comes online or goes
 * offline (pushed by the core's subscription, no polling).
 */
export function ComputersScreen({
  onConnect,
}: {
  /** Opens Connect for the computer; without it (the web console) the rows have no Connect button. */
  onConnect?: (computer: Computer) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const state = useComputersStore((store) => store.state);
  const query = useComputersStore((store) => store.query);
  const setQuery = useComputersStore((store) => store.setQuery);
  const [now, setNow] = useState(() => Date.now());
  const ids = { search: useId(), online: useId() };

  useEffect(() => () => useComputersStore.getState().reset(), []);
  useEffect(() => (client ? useComputersStore.getState().watch(client) : undefined), [client]);
  useEffect(() => {
    if (!client) return;
    const { load } = useComputersStore.getState();
    // The first list at once; a changed search after the typing pauses.
    const timer = setTimeout(() => void load(client), query === DEFAULT_QUERY ? 0 : SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [client, query]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const narrowed = query.search.trim() !== '' || query.online !== 'all';
  const body = (() => {
    switch (state.state) {
      case 'idle':
      case 'loading':
        return (
          <p className="list-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('computers.loading')}
          </p>
        );
      case 'error':
        return (
          <div role="alert" className="computers-error">
            <p className="error">
              {t('computers.error')} {errorMessage(t, state.error)}
            </p>
            <button
              type="button"
              className="secondary"
              onClick={() => client && void useComputersStore.getState().load(client)}
            >
              {t('computers.retry')}
            </button>
          </div>
        );
      case 'ready':
        if (state.total === 0 && !narrowed) {
          return (
            <div className="empty-state" data-testid="computers-empty">
              <h2>{t('computers.emptyTitle')}</h2>
              <p>{t('computers.emptyBody')}</p>
            </div>
          );
        }
        return (
          <>
            <p className="hint list-count" role="status">
              {state.total === 0
                ? t('computers.noMatch')
                : t('computers.count', { shown: state.computers.length, count: state.total })}
            </p>
            {state.computers.length < state.total && (
              <p className="note">{t('computers.more', { shown: state.computers.length })}</p>
            )}
            {state.total > 0 && <ComputersList computers={state.computers} now={now} onConnect={onConnect} />}
          </>
        );
    }
  })();

  return (
    <section aria-labelledby="computers-title" className="computers">
      <h1 id="computers-title" tabIndex={-1}>
        {t('computers.title')}
      </h1>
      <p className="lead">{t('computers.lead')}</p>
      <div className="list-toolbar">
        <div className="field">
          <label htmlFor={ids.search}>{t('computers.search')}</label>
          <input
            id={ids.search}
            type="search"
            maxLength={100}
            value={query.search}
            onChange={(event) => setQuery({ search: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.online}>{t('computers.onlineFilter')}</label>
          <select
            id={ids.online}
            value={query.online}
            onChange={(event) => setQuery({ online: event.target.value as ComputersQuery['online'] })}
          >
            <option value="all">{t('computers.filter.all')}</option>
            <option value="online">{t('computers.filter.online')}</option>
            <option value="offline">{t('computers.filter.offline')}</option>
          </select>
        </div>
      </div>
      {body}
    </section>
  );
}
