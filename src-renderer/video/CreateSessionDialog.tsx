import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoDevice } from '../../src-shared/video/contract';
import { VIDEO_REASON_MAX, type VideoPerson, type VideoSessionDetails } from '../../src-shared/video/sessionContract';
import type { VideoTicket } from '../../src-shared/video/ticketContract';
import { Dialog } from '../admin/Dialog';
import { CheckboxGroup } from '../shell/CheckboxGroup';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { useLoad, useVideoUser } from './videoParts';

/**
 * VS-3: an employee with `video.manage` creates a session directly (CONFIRMED at once) for a
 * device, with a reason, optionally one of the device's tickets, and one or more employees with
 * `video.conduct` (`video.employees.list`). From the list, a device's details or a ticket's
 * conversation, which preset the device and the ticket.
 */
export function CreateSessionDialog({
  preset,
  onClose,
  onCreated,
}: {
  preset: { deviceId?: string; ticketId?: string };
  onClose(): void;
  onCreated(session: VideoSessionDetails): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client)!;
  const { userId, views } = useVideoUser();
  const [devices, setDevices] = useState<VideoDevice[] | null>(null);
  const [employees, setEmployees] = useState<VideoPerson[] | null>(null);
  const [deviceId, setDeviceId] = useState(preset.deviceId ?? '');
  const [ticketId, setTicketId] = useState(preset.ticketId ?? '');
  const [reason, setReason] = useState('');
  const [assigneeIds, setAssigneeIds] = useState<string[]>([]);
  const ids = { device: useId(), ticket: useId(), reason: useId() };

  const loading = useAction(async () => {
    const [listed, people] = await Promise.all([
      client.invoke('video.devices.list', {}),
      client.invoke('video.employees.list', {}),
    ]);
    setDevices(listed.devices.filter((device) => !device.disabled || device.id === preset.deviceId));
    setEmployees(people.employees);
    // The creator conducts it, where they may: one click less for the usual case.
    if (userId && people.employees.some((person) => person.userId === userId)) setAssigneeIds([userId]);
  });
  useEffect(() => void loading.run(), []); // eslint-disable-line react-hooks/exhaustive-deps
  // The device's open tickets to link, where this user may read tickets.
  const fetchTickets = useCallback(
    async () =>
      deviceId && views
        ? (await client.invoke('video.tickets.list', { query: { deviceId, status: 'open' } })).tickets
        : [],
    [client, deviceId, views],
  );
  const listed = useLoad(fetchTickets).loaded;
  const tickets: VideoTicket[] = listed.state === 'ready' ? listed.value : [];

  const create = useAction(async () => {
    const session = await client.invoke('video.sessions.create', {
      body: { deviceId, reason, assigneeIds, ...(ticketId ? { ticketId } : {}) },
    });
    onClose();
    onCreated(session);
  });
  const presetTicket = preset.ticketId !== undefined && !tickets.some((ticket) => ticket.id === preset.ticketId);

  return (
    <Dialog title={t('video.create.title')} description={t('video.create.lead')} onClose={onClose}>
      {(devices === null || employees === null) && !loading.error && (
        <p role="status" className="video-loading">
          <span className="spinner" aria-hidden="true" />
          {t('video.create.loading')}
        </p>
      )}
      <ErrorText message={loading.error} />
      {devices && employees && (
        <form
          className="video-form"
          onSubmit={(event) => {
            event.preventDefault();
            void create.run();
          }}
        >
          <div className="field">
            <label htmlFor={ids.device}>{t('video.create.device')}</label>
            <select
              id={ids.device}
              required
              value={deviceId}
              disabled={preset.deviceId !== undefined}
              onChange={(event) => {
                setDeviceId(event.target.value);
                setTicketId('');
              }}
            >
              <option value="">{t('video.create.pickDevice')}</option>
              {devices.map((device) => (
                <option key={device.id} value={device.id}>
                  {device.customer ? `${device.name} (${device.customer})` : device.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.reason}>{t('video.create.reason')}</label>
            <textarea
              id={ids.reason}
              required
              maxLength={VIDEO_REASON_MAX}
              rows={3}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.ticket}>{t('video.create.ticket')}</label>
            <select
              id={ids.ticket}
              value={ticketId}
              disabled={preset.ticketId !== undefined}
              onChange={(event) => setTicketId(event.target.value)}
            >
              <option value="">{t('video.create.noTicket')}</option>
              {presetTicket && <option value={preset.ticketId}>{t('video.create.thisTicket')}</option>}
              {tickets.map((ticket) => (
                <option key={ticket.id} value={ticket.id}>
                  {ticket.title}
                </option>
              ))}
            </select>
          </div>
          {employees.length === 0 ? (
            <p className="error" role="alert">
              {t('video.create.noConductors')}
            </p>
          ) : (
            <CheckboxGroup
              legend={t('video.create.assignees')}
              options={employees.map((person) => person.userId)}
              chosen={assigneeIds}
              onChange={setAssigneeIds}
              label={(id) => employees.find((person) => person.userId === id)?.name ?? id}
            />
          )}
          <ErrorText message={create.error} />
          <div className="modal-actions">
            <button
              type="submit"
              disabled={create.busy || !deviceId || reason.trim() === '' || assigneeIds.length === 0}
            >
              {t('video.create.submit')}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('video.cancel')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
