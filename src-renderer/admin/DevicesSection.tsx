import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CompanyPolicy } from '../../src-shared/domain/accounts';
import type { CompanyDevice } from '../../src-shared/domain/managedConfig';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { ConfirmRemove } from './Dialog';
import { EntityList } from './EntityList';
import { useClient, useList } from './useList';

/**
 * AC-2, DP-2: the company's devices — online or not, last seen, OS, how each joined (IT's enrolment
 * token: managed; a user of the company on it: unmanaged), its policy — and removing one. There is
 * no "add by ID": a device is never taken into a company without something it presents itself.
 */
export function DevicesSection(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const account = useAppStore((state) => state.account);
  const mayAssign = account?.signedIn === true && account.permissions.includes('admin.policies');
  const devices = useList(async () => (await client.invoke('admin.devices.list', {})).devices);
  const [policies, setPolicies] = useState<CompanyPolicy[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CompanyDevice | null>(null);
  const loadPolicies = useAction(async () => setPolicies((await client.invoke('admin.policies.list', {})).policies));
  const assign = useAction(async (device: CompanyDevice, policyId: string) => {
    setNote(null);
    await client.invoke('admin.policies.assign', { params: { deviceId: device.deviceId }, body: { policyId } });
    setNote(t('admin.assignedTo', { id: device.deviceId }));
    await devices.reload();
  });
  useEffect(() => {
    if (mayAssign) void loadPolicies.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once
  }, [mayAssign]);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <>
      <p className="hint">{t('admin.howDevicesJoin')}</p>
      <EntityList
        label={t('admin.companyDevices')}
        items={devices.items}
        error={devices.error}
        rowKey={(device) => device.deviceId}
        searchText={(device) =>
          `${device.deviceId} ${device.name} ${device.platform} ${device.appVersion ?? ''} ${device.policyName ?? ''}`
        }
        empty={t('admin.noDevices')}
        rowTestId={(device) => `company-device-${device.deviceId}`}
        columns={[
          {
            header: t('admin.deviceName'),
            cell: (device) => (
              <>
                {device.name}
                <br />
                <span className="mono hint">{device.deviceId}</span>
              </>
            ),
          },
          {
            header: t('admin.deviceStatus'),
            cell: (device) => (
              <span className={device.online ? 'badge online' : 'badge'}>
                {device.online ? t('admin.online') : t('admin.offline')}
              </span>
            ),
          },
          {
            header: t('admin.lastSeen'),
            cell: (device) => (device.lastSeenAt ? when.format(new Date(device.lastSeenAt)) : t('admin.neverSeen')),
          },
          { header: t('admin.os'), cell: (device) => platformName(device.platform, t) },
          { header: t('admin.appVersion'), cell: (device) => device.appVersion ?? t('admin.appVersionUnknown') },
          {
            header: t('admin.joined'),
            cell: (device) =>
              device.managed
                ? t('admin.joinedByToken', { token: device.joinedVia ?? '' })
                : t('admin.joinedByUser', { email: device.joinedVia ?? '' }),
          },
          {
            header: t('admin.policy'),
            cell: (device) =>
              device.managed && mayAssign ? (
                <select
                  aria-label={t('admin.policyOf', { id: device.deviceId })}
                  value={device.policyId ?? ''}
                  disabled={assign.busy || policies.length === 0}
                  onChange={(event) => void assign.run(device, event.target.value)}
                >
                  <option value="" disabled>
                    {policies.length === 0 ? t('admin.noPoliciesYet') : t('admin.noPolicy')}
                  </option>
                  {policies.map((policy) => (
                    <option key={policy.id} value={policy.id}>
                      {policy.name}
                    </option>
                  ))}
                </select>
              ) : device.managed ? (
                (device.policyName ?? t('admin.noPolicy'))
              ) : (
                t('admin.policyManagedOnly')
              ),
          },
          {
            header: t('admin.actions'),
            hiddenHeader: true,
            cell: (device) => (
              <button
                type="button"
                className="danger"
                aria-label={t('admin.removeDevice', { id: device.deviceId })}
                onClick={() => setRemoving(device)}
              >
                {t('admin.remove')}
              </button>
            ),
          },
        ]}
      />
      <p className="note" role="status">
        {note}
      </p>
      <ErrorText message={loadPolicies.error ?? assign.error} />
      {removing && (
        <ConfirmRemove
          title={t('admin.confirmRemoveDevice', { name: removing.name, id: removing.deviceId })}
          description={t(removing.managed ? 'admin.confirmRemoveManaged' : 'admin.confirmRemoveUnmanaged')}
          confirm={t('admin.confirmRemoveButton', { name: removing.name })}
          onConfirm={async () => {
            setNote(null);
            await client.invoke('admin.devices.remove', { params: { deviceId: removing.deviceId } });
            setNote(t('admin.deviceRemoved', { id: removing.deviceId }));
            await devices.reload();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </>
  );
}

const OS_NAMES = { win32: 'insights.os.windows', darwin: 'insights.os.macos', linux: 'insights.os.linux' } as const;
/** The operating system's everyday name (the device reports Node's `process.platform`). */
const platformName = (platform: string, t: TFunction): string =>
  platform in OS_NAMES ? t(OS_NAMES[platform as keyof typeof OS_NAMES]) : platform;
