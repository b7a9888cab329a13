import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TandemError } from '../../src-shared/errors';
import type { VideoDevice } from '../../src-shared/video/contract';
import { ConfirmRemove } from '../admin/Dialog';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { DeviceCode, DeviceDialog, NewCodeShown } from './DeviceDialogs';
import { SessionsList } from './SessionsList';
import { TicketsList } from './TicketsList';
import { LoadError, Loading, useLoad, useVideoUser } from './videoParts';

/** A device with a code (VS-1): its facts and code, editing, disabling, a new code; its sessions and tickets (item 8). */
export function DeviceDetails({ id }: { id: string }): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const { views } = useVideoUser();
  const [editing, setEditing] = useState(false);
  const [confirmingCode, setConfirmingCode] = useState(false);
  const [newCode, setNewCode] = useState<VideoDevice | null>(null);

  // The list route is the one read there is: the device is found in it.
  const fetchDevice = useCallback(async () => {
    const found = (await client!.invoke('video.devices.list', {})).devices.find((each) => each.id === id);
    if (!found) throw new TandemError('not_found', 'No device of your company has this ID.');
    return found;
  }, [client, id]);
  const { loaded: device, reload: load, update } = useLoad(fetchDevice);
  const setDevice = (saved: VideoDevice) => update(() => saved);

  const toggle = useAction(async () => {
    if (device.state !== 'ready') return;
    const { name, customer, notes, group, assignees, disabled } = device.value;
    // The update replaces every field: what is not changing goes along as it is.
    const saved = await client!.invoke('video.devices.update', {
      params: { id },
      body: {
        name,
        customer,
        notes,
        group,
        assigneeIds: assignees.map((person) => person.userId),
        disabled: !disabled,
      },
    });
    setDevice(saved);
  });

  if (device.state === 'loading') return <Loading label={t('video.devices.loadingOne')} />;
  if (device.state === 'error')
    return <LoadError error={device.error} what={t('video.devices.errorOne')} onRetry={load} />;
  const value = device.value;
  return (
    <article className="video-details" aria-labelledby="video-device-title">
      <h2 id="video-device-title">
        {value.name}
        {value.disabled && <span className="video-status video-status-cancelled">{t('video.devices.disabled')}</span>}
      </h2>
      <dl className="video-facts">
        <dt>{t('video.devices.customer')}</dt>
        <dd>{value.customer || t('video.none')}</dd>
        <dt>{t('video.devices.group')}</dt>
        <dd>{value.group || t('video.none')}</dd>
        <dt>{t('video.devices.assignees')}</dt>
        <dd>
          {value.assignees.length > 0
            ? value.assignees.map((person) => person.name).join(', ')
            : t('video.sessions.anyConductor')}
        </dd>
        <dt>{t('video.devices.notes')}</dt>
        <dd className="video-reason">{value.notes || t('video.none')}</dd>
      </dl>
      <DeviceCode device={value} />
      <div className="video-actions">
        <button type="button" className="secondary" onClick={() => setEditing(true)}>
          {t('video.devices.edit')}
        </button>
        <button
          type="button"
          className={value.disabled ? 'secondary' : 'danger'}
          disabled={toggle.busy}
          onClick={() => void toggle.run()}
        >
          {value.disabled ? t('video.devices.enable') : t('video.devices.disable')}
        </button>
        <button type="button" className="secondary" onClick={() => setConfirmingCode(true)}>
          {t('video.devices.newCode')}
        </button>
      </div>
      <ErrorText message={toggle.error} />

      <section aria-labelledby="video-device-sessions">
        <h3 id="video-device-sessions">{t('video.devices.sessions')}</h3>
        <SessionsList deviceId={id} />
      </section>
      {views && (
        <section aria-labelledby="video-device-tickets">
          <h3 id="video-device-tickets">{t('video.devices.tickets')}</h3>
          <TicketsList deviceId={id} />
        </section>
      )}

      {editing && (
        <DeviceDialog device={value} onClose={() => setEditing(false)} onSaved={(saved) => setDevice(saved)} />
      )}
      {confirmingCode && (
        <ConfirmRemove
          title={t('video.devices.newCodeTitle', { name: value.name })}
          description={t('video.devices.newCodeLead')}
          confirm={t('video.devices.newCodeConfirm')}
          onClose={() => setConfirmingCode(false)}
          onConfirm={async () => {
            const saved = await client!.invoke('video.devices.newCode', { params: { id } });
            setDevice(saved);
            setNewCode(saved);
          }}
        />
      )}
      {newCode && <NewCodeShown device={newCode} onClose={() => setNewCode(null)} />}
    </article>
  );
}
