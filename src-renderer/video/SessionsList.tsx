import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoPerson } from '../../src-shared/video/sessionContract';
import { videoStatusSchema, type VideoStatus } from '../../src-shared/video/status';
import { useAppStore } from '../store/appStore';
import { CreateSessionDialog } from './CreateSessionDialog';
import { ANY_SESSION, applySession, sessionQuery, type SessionFilter } from './videoLists';
import {
  formatWhen,
  LoadError,
  Loading,
  StatusBadge,
  useVideoFrames,
  useVideoUser,
  useLoad,
  OpenCell,
} from './videoParts';
import { useVideoStore } from './videoStore';

/**
 * The video sessions (issue 16, item 8): filtered by status, device and assignee, the most recently
 * changed first, kept live by the feed (a new request or a change moves its row, no reload).
 * `deviceId` fixes the device (the device's details view).
 */
export function SessionsList({ deviceId }: { deviceId?: string }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useAppStore((state) => state.client);
  const go = useVideoStore((state) => state.go);
  const { userId, manages } = useVideoUser();
  const [filter, setFilter] = useState<SessionFilter>({ ...ANY_SESSION, deviceId: deviceId ?? '' });
  const [employees, setEmployees] = useState<VideoPerson[]>([]);
  const [devices, setDevices] = useState<{ id: string; name: string }[]>([]);
  const [creating, setCreating] = useState(false);
  const ids = { status: useId(), device: useId(), assignee: useId() };

  const fetchSessions = useCallback(
    async () => (await client!.invoke('video.sessions.list', { query: sessionQuery(filter) })).sessions,
    [client, filter],
  );
  const { loaded: sessions, reload: load, update } = useLoad(fetchSessions);
  // The pickers' choices: the company's devices and employees, where this user may list them.
  useEffect(() => {
    if (!client || !manages) return;
    void client.invoke('video.employees.list', {}).then(
      ({ employees }) => setEmployees(employees),
      () => undefined,
    );
    if (!deviceId)
      void client.invoke('video.devices.list', {}).then(
        ({ devices }) => setDevices(devices),
        () => undefined,
      );
  }, [client, manages, deviceId]);

  useVideoFrames((frame) => {
    if (frame.type !== 'session' && frame.type !== 'requested') return;
    update((shown) => applySession(shown, frame.session, filter, userId));
  });

  const body = (() => {
    if (sessions.state === 'loading') return <Loading label={t('video.sessions.loading')} />;
    if (sessions.state === 'error')
      return <LoadError error={sessions.error} what={t('video.sessions.error')} onRetry={load} />;
    const narrowed = filter.status !== '' || filter.assignee !== '' || (!deviceId && filter.deviceId !== '');
    if (sessions.value.length === 0) {
      return narrowed ? (
        <p className="hint" role="status">
          {t('video.sessions.noMatch')}
        </p>
      ) : (
        <div className="empty-state" data-testid="video-sessions-empty">
          <h2>{t('video.sessions.emptyTitle')}</h2>
          <p>{t(manages ? 'video.sessions.emptyBodyManage' : 'video.sessions.emptyBody')}</p>
        </div>
      );
    }
    return (
      <table className="video-table" aria-label={t('video.sessions.title')}>
        <thead>
          <tr>
            <th scope="col">{t('video.sessions.device')}</th>
            <th scope="col">{t('video.sessions.reason')}</th>
            <th scope="col">{t('video.sessions.status')}</th>
            <th scope="col">{t('video.sessions.assignees')}</th>
            <th scope="col">{t('video.sessions.updated')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('video.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.value.map((session) => (
            <tr key={session.id} data-testid="video-session-row" data-session={session.id}>
              <td>
                {session.deviceName}
                {session.customer && <span className="hint"> · {session.customer}</span>}
              </td>
              <td className="video-reason">{session.reason}</td>
              <td>
                <StatusBadge status={session.status} />
              </td>
              <td>
                {session.assignees.length > 0
                  ? session.assignees.map((person) => person.name).join(', ')
                  : t('video.sessions.anyConductor')}
              </td>
              <td>{formatWhen(session.updatedAt, i18n.language)}</td>
              <OpenCell
                label={t('video.sessions.openLabel', { device: session.deviceName })}
                onOpen={() => go({ view: 'session', id: session.id })}
              />
            </tr>
          ))}
        </tbody>
      </table>
    );
  })();

  return (
    <div className="video-sessions">
      <div className="video-toolbar">
        <div className="field">
          <label htmlFor={ids.status}>{t('video.sessions.statusFilter')}</label>
          <select
            id={ids.status}
            value={filter.status}
            onChange={(event) => setFilter({ ...filter, status: event.target.value as VideoStatus | '' })}
          >
            <option value="">{t('video.sessions.anyStatus')}</option>
            {videoStatusSchema.options.map((status) => (
              <option key={status} value={status}>
                {t(`video.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        {!deviceId && (
          <div className="field">
            <label htmlFor={ids.device}>{t('video.sessions.deviceFilter')}</label>
            <select
              id={ids.device}
              value={filter.deviceId}
              onChange={(event) => setFilter({ ...filter, deviceId: event.target.value })}
            >
              <option value="">{t('video.sessions.anyDevice')}</option>
              {devices.map((device) => (
                <option key={device.id} value={device.id}>
                  {device.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.assignee}>{t('video.sessions.assigneeFilter')}</label>
          <select
            id={ids.assignee}
            value={filter.assignee}
            onChange={(event) => setFilter({ ...filter, assignee: event.target.value })}
          >
            <option value="">{t('video.sessions.anyone')}</option>
            <option value="me">{t('video.sessions.me')}</option>
            {employees
              .filter((person) => person.userId !== userId)
              .map((person) => (
                <option key={person.userId} value={person.userId}>
                  {person.name}
                </option>
              ))}
          </select>
        </div>
        {manages && (
          <button type="button" onClick={() => setCreating(true)}>
            {t('video.create.open')}
          </button>
        )}
      </div>
      {body}
      {creating && (
        <CreateSessionDialog
          preset={deviceId ? { deviceId } : {}}
          onClose={() => setCreating(false)}
          onCreated={(session) => go({ view: 'session', id: session.id })}
        />
      )}
    </div>
  );
}
