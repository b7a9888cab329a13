import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoDevice } from '../../src-shared/video/contract';
import { useAppStore } from '../store/appStore';
import { DeviceDialog, NewCodeShown } from './DeviceDialogs';
import { formatWhen, LoadError, Loading, useLoad, OpenCell } from './videoParts';
import { useVideoStore } from './videoStore';

/** VS-1: the company's devices with codes (`video.manage`), by name; a new one shows its code at once. */
export function DevicesList(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useAppStore((state) => state.client);
  const go = useVideoStore((state) => state.go);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<VideoDevice | null>(null);
  const fetchDevices = useCallback(async () => (await client!.invoke('video.devices.list', {})).devices, [client]);
  const { loaded: devices, reload: load } = useLoad(fetchDevices);

  const body = (() => {
    if (devices.state === 'loading') return <Loading label={t('video.devices.loading')} />;
    if (devices.state === 'error')
      return <LoadError error={devices.error} what={t('video.devices.error')} onRetry={load} />;
    if (devices.value.length === 0) {
      return (
        <div className="empty-state" data-testid="video-devices-empty">
          <h2>{t('video.devices.emptyTitle')}</h2>
          <p>{t('video.devices.emptyBody')}</p>
        </div>
      );
    }
    return (
      <table className="video-table" aria-label={t('video.devices.title')}>
        <thead>
          <tr>
            <th scope="col">{t('video.devices.name')}</th>
            <th scope="col">{t('video.devices.customer')}</th>
            <th scope="col">{t('video.devices.code')}</th>
            <th scope="col">{t('video.devices.state')}</th>
            <th scope="col">{t('video.devices.created')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('video.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {devices.value.map((device) => (
            <tr key={device.id} data-testid="video-device-row">
              <td>{device.name}</td>
              <td>{device.customer}</td>
              <td>
                <code className="video-code">{device.code}</code>
              </td>
              <td>{device.disabled ? t('video.devices.disabled') : t('video.devices.enabled')}</td>
              <td>{formatWhen(device.createdAt, i18n.language)}</td>
              <OpenCell
                label={t('video.devices.openLabel', { name: device.name })}
                onOpen={() => go({ view: 'device', id: device.id })}
              />
            </tr>
          ))}
        </tbody>
      </table>
    );
  })();

  return (
    <div className="video-devices">
      <div className="video-toolbar">
        <button type="button" onClick={() => setAdding(true)}>
          {t('video.devices.add')}
        </button>
      </div>
      {body}
      {adding && (
        <DeviceDialog
          onClose={() => setAdding(false)}
          onSaved={(device) => {
            setCreated(device);
            load();
          }}
        />
      )}
      {created && <NewCodeShown device={created} onClose={() => setCreated(null)} />}
    </div>
  );
}
