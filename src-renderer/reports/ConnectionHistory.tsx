import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionReport } from '../../src-shared/domain/connectionReport';
import { formatDeviceId } from '../../src-shared/domain/device';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useSessionStore } from '../session/sessionStore';
import { useAppStore } from '../store/appStore';
import { formatDuration } from './formatDuration';
import './reports.css';

/** Rows shown before "Show all". */
const FIRST_ROWS = 10;
/**
 * A session that ended here may still be open in the endpoint's report for a moment (whoever ends
 * it hears nothing back): read again this long after, at most this many times.
 */
const BEHIND_RETRY_MS = 1000;
const BEHIND_RETRIES = 5;

/**
 * RS-11: the sessions this computer took part in, as the cloud endpoint recorded them: on the
 * Connect screen the computers this one connected to (each ID to use again), on the host's screen
 * who connected to this one. When, how (password or code, control or view), how long, and how it
 * ended. Read again whenever a session here ends.
 */
export function ConnectionHistory(props: {
  direction: 'outgoing' | 'incoming';
  /** Outgoing only: puts a computer's ID into the connect form. */
  onUse?: (deviceId: string) => void;
}): React.JSX.Element {
  const { direction, onUse } = props;
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const client = useAppStore((state) => state.client);
  const ownId = useAppStore((state) => state.identity?.deviceId);
  const [reports, setReports] = useState<ConnectionReport[] | null>(null);
  const [all, setAll] = useState(false);
  const views = useSessionStore((state) => state.views);
  const retries = useRef(0);
  const load = useAction(async () => setReports(await client!.invoke('reports.list', {})));
  useEffect(() => {
    if (!client) return;
    void load.run();
    // The endpoint completes a session's report as it ends.
    return client.on('session.changed', (view) => {
      if (view.state !== 'ended') return;
      retries.current = 0;
      void load.run();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per client
  }, [client]);
  useEffect(() => {
    const behind = reports?.some((report) => report.endedAt === null && views[report.requestId]?.state === 'ended');
    if (!behind || retries.current >= BEHIND_RETRIES) return;
    retries.current += 1;
    const timer = setTimeout(() => void load.run(), BEHIND_RETRY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- when the list or a session changes
  }, [reports, views]);

  const mine = (reports ?? []).filter((report) =>
    direction === 'outgoing' ? report.supporterDeviceId === ownId : report.hostDeviceId === ownId,
  );
  const shown = all ? mine : mine.slice(0, FIRST_ROWS);
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const outcome = (report: ConnectionReport) =>
    report.outcome === 'pending' && report.startedAt ? t('reports.inProgress') : t(`reports.outcome.${report.outcome}`);

  return (
    <section aria-labelledby={titleId} className="subsection" data-testid={`connection-history-${direction}`}>
      <h2 id={titleId}>{t(direction === 'outgoing' ? 'reports.outgoingTitle' : 'reports.incomingTitle')}</h2>
      <p className="hint">{t(direction === 'outgoing' ? 'reports.outgoingIntro' : 'reports.incomingIntro')}</p>
      {reports === null && load.busy && (
        <p role="status" className="note">
          <span className="spinner inline" aria-hidden="true" /> {t('reports.loading')}
        </p>
      )}
      {reports !== null && mine.length === 0 && (
        <p role="status">{t(direction === 'outgoing' ? 'reports.outgoingEmpty' : 'reports.incomingEmpty')}</p>
      )}
      {shown.length > 0 && (
        <ul className="report-list">
          {shown.map((report) => {
            const hostId = formatDeviceId(report.hostDeviceId);
            const supporterId = formatDeviceId(report.supporterDeviceId);
            const title =
              direction === 'outgoing'
                ? t('reports.toComputer', { id: hostId })
                : report.supporterName || t('reports.toComputer', { id: supporterId });
            const details = [
              when(report.startedAt ?? report.requestedAt),
              t(report.method === 'password' ? 'reports.byPassword' : 'reports.byCode'),
              t(report.access === 'full' ? 'reports.full' : 'reports.view'),
              ...(report.durationSeconds !== null ? [formatDuration(report.durationSeconds, i18n.language)] : []),
            ];
            return (
              <li key={report.requestId} data-testid="connection-report">
                <span>
                  <strong>{title}</strong>
                  {direction === 'incoming' && report.supporterCompany && ` · ${report.supporterCompany}`}
                  {direction === 'incoming' && report.supporterName && (
                    <>
                      {' · '}
                      <span className="mono">{supporterId}</span>
                    </>
                  )}
                  <br />
                  <span className="hint">{details.join(' · ')}</span>
                </span>
                <span className={`report-outcome ${report.outcome}`}>{outcome(report)}</span>
                {direction === 'outgoing' && onUse && (
                  <button
                    type="button"
                    className="secondary small"
                    aria-label={t('reports.useLabel', { id: hostId })}
                    onClick={() => onUse(report.hostDeviceId)}
                  >
                    {t('reports.use')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="report-actions">
        {!all && mine.length > FIRST_ROWS && (
          <button type="button" className="secondary" onClick={() => setAll(true)}>
            {t('reports.showAll', { count: mine.length })}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          disabled={load.busy}
          aria-busy={load.busy}
          onClick={() => void load.run()}
        >
          {t('reports.refresh')}
        </button>
      </div>
      <ErrorText message={load.error} />
    </section>
  );
}
