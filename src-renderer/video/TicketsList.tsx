import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoTicket } from '../../src-shared/video/ticketContract';
import { useAppStore } from '../store/appStore';
import { applyTicket } from './videoLists';
import { formatWhen, LoadError, Loading, useVideoFrames, useLoad, OpenCell } from './videoParts';
import { useVideoStore } from './videoStore';

/** The tickets (`video.view`), open or closed, the most recently active first, kept live by the feed. */
export function TicketsList({ deviceId }: { deviceId?: string }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useAppStore((state) => state.client);
  const go = useVideoStore((state) => state.go);
  const [status, setStatus] = useState<VideoTicket['status'] | ''>('open');
  const statusId = useId();

  const fetchTickets = useCallback(async () => {
    const query = { ...(status ? { status } : {}), ...(deviceId ? { deviceId } : {}) };
    return (await client!.invoke('video.tickets.list', { query })).tickets;
  }, [client, status, deviceId]);
  const { loaded: tickets, reload: load, update } = useLoad(fetchTickets);
  useVideoFrames((frame) => {
    if (frame.type !== 'ticket') return;
    update((shown) => applyTicket(shown, frame.ticket, { status, deviceId }));
  });

  const body = (() => {
    if (tickets.state === 'loading') return <Loading label={t('video.tickets.loading')} />;
    if (tickets.state === 'error')
      return <LoadError error={tickets.error} what={t('video.tickets.error')} onRetry={load} />;
    if (tickets.value.length === 0)
      return (
        <div className="empty-state" data-testid="video-tickets-empty">
          <h2>
            {t(
              status === 'closed'
                ? 'video.tickets.noneClosed'
                : status === 'open'
                  ? 'video.tickets.noneOpen'
                  : 'video.tickets.none',
            )}
          </h2>
          <p>{t('video.tickets.emptyBody')}</p>
        </div>
      );
    return (
      <table className="video-table" aria-label={t('video.tickets.title')}>
        <thead>
          <tr>
            <th scope="col">{t('video.tickets.ticketTitle')}</th>
            {!deviceId && <th scope="col">{t('video.tickets.device')}</th>}
            <th scope="col">{t('video.tickets.status')}</th>
            <th scope="col">{t('video.tickets.updated')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('video.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tickets.value.map((ticket) => (
            <tr key={ticket.id} data-testid="video-ticket-row">
              <td>{ticket.title}</td>
              {!deviceId && <td>{ticket.deviceName}</td>}
              <td>{t(`video.tickets.statuses.${ticket.status}`)}</td>
              <td>{formatWhen(ticket.updatedAt, i18n.language)}</td>
              <OpenCell
                label={t('video.tickets.openLabel', { title: ticket.title })}
                onOpen={() => go({ view: 'ticket', id: ticket.id })}
              />
            </tr>
          ))}
        </tbody>
      </table>
    );
  })();

  return (
    <div className="video-tickets">
      <div className="video-toolbar">
        <div className="field">
          <label htmlFor={statusId}>{t('video.tickets.statusFilter')}</label>
          <select
            id={statusId}
            value={status}
            onChange={(event) => setStatus(event.target.value as VideoTicket['status'] | '')}
          >
            <option value="open">{t('video.tickets.statuses.open')}</option>
            <option value="closed">{t('video.tickets.statuses.closed')}</option>
            <option value="">{t('video.tickets.all')}</option>
          </select>
        </div>
      </div>
      {body}
    </div>
  );
}
