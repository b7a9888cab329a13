import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_PERMISSIONS, type Permission } from '../../src-shared/domain/accounts';
import type { AccessControl } from '../../src-shared/consent/decision';
import type { Response } from '../../src-shared/ipc/contract';
import { normalizeDeviceId } from '../../src-shared/domain/device';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

const ACCESS_CONTROLS: readonly AccessControl[] = ['after_confirmation', 'allowed', 'denied'];
const ACCESS_LABELS = {
  after_confirmation: 'settings.insightsAfterConfirmation',
  allowed: 'settings.insightsAllowed',
  denied: 'settings.insightsDenied',
} as const;

function useClient() {
  return useAppStore((state) => state.client)!;
}

/** SI-6: *Log sessions for connection reporting*, for many users at once. */
export function UsersSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const [users, setUsers] = useState<Response<'admin.users.list'>>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [note, setNote] = useState<string | null>(null);
  const load = useAction(async () => setUsers(await client.invoke('admin.users.list', {})));
  const apply = useAction(async (value: boolean) => {
    const { changed } = await client.invoke('admin.users.setLogging', { userIds: [...selected], value });
    setNote(t('admin.changed', { count: changed }));
    setUsers(await client.invoke('admin.users.list', {}));
  });
  useEffect(() => {
    void load.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once
  }, []);

  return (
    <section aria-labelledby={headingId} className="subsection">
      <h2 id={headingId}>{t('admin.users')}</h2>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('admin.select', { name: '' })}</span>
            </th>
            <th scope="col">{t('settings.displayName')}</th>
            <th scope="col">{t('settings.email')}</th>
            <th scope="col">{t('admin.logSessions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('admin.select', { name: user.email })}
                  checked={selected.has(user.id)}
                  onChange={(event) => {
                    const next = new Set(selected);
                    if (event.target.checked) next.add(user.id);
                    else next.delete(user.id);
                    setSelected(next);
                  }}
                />
              </td>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td data-testid={`log-sessions-${user.email}`}>{user.logSessions ? t('admin.on') : t('admin.off')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal-actions">
        <button
          type="button"
          className="secondary"
          disabled={selected.size === 0 || apply.busy}
          onClick={() => void apply.run(true)}
        >
          {t('admin.switchOn')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={selected.size === 0 || apply.busy}
          onClick={() => void apply.run(false)}
        >
          {t('admin.switchOff')}
        </button>
        <span className="note" role="status">
          {note}
        </span>
      </div>
      <ErrorText message={load.error ?? apply.error} />
    </section>
  );
}

/** AC-2: devices join the company; policies hold settings, each optionally enforced. */
export function DevicesSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const ids = {
    h: useId(),
    device: useId(),
    policy: useId(),
    assignDevice: useId(),
    assignPolicy: useId(),
    logging: useId(),
  };
  const [device, setDevice] = useState({ id: '', managed: true });
  const [policy, setPolicy] = useState({
    name: '',
    insights: true,
    insightsEnforced: true,
    logging: 'after_confirmation' as AccessControl,
    loggingEnforced: false,
  });
  const [policies, setPolicies] = useState<{ id: string; name: string }[]>([]);
  const [assignment, setAssignment] = useState({ deviceId: '', policyId: '' });
  const [note, setNote] = useState<string | null>(null);
  const addDevice = useAction(async () => {
    const deviceId = normalizeDeviceId(device.id);
    await client.invoke('admin.devices.add', { deviceId, managed: device.managed });
    setNote(t('admin.deviceAdded', { id: deviceId }));
  });
  const createPolicy = useAction(async () => {
    const { id } = await client.invoke('admin.policies.create', {
      name: policy.name,
      settings: {
        sessionInsights: { value: policy.insights, enforced: policy.insightsEnforced },
        insightsLogging: { value: policy.logging, enforced: policy.loggingEnforced },
      },
    });
    setPolicies([...policies, { id, name: policy.name }]);
    setAssignment({ ...assignment, policyId: id });
    setNote(t('admin.policyCreated', { name: policy.name }));
  });
  const assign = useAction(async () => {
    await client.invoke('admin.policies.assign', {
      deviceId: normalizeDeviceId(assignment.deviceId),
      policyId: assignment.policyId,
    });
    setNote(t('admin.assigned'));
  });

  return (
    <section aria-labelledby={ids.h} className="subsection">
      <h2 id={ids.h}>{t('admin.devices')}</h2>
      <form className="inline-form" onSubmit={(event) => (event.preventDefault(), void addDevice.run())}>
        <label htmlFor={ids.device}>{t('admin.deviceId')}</label>
        <input
          id={ids.device}
          inputMode="numeric"
          value={device.id}
          onChange={(event) => setDevice({ ...device, id: event.target.value })}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={device.managed}
            onChange={(event) => setDevice({ ...device, managed: event.target.checked })}
          />
          {t('admin.managed')}
        </label>
        <button type="submit" className="secondary" disabled={!device.id || addDevice.busy}>
          {t('admin.addDevice')}
        </button>
      </form>
      <form className="settings-form wide" onSubmit={(event) => (event.preventDefault(), void createPolicy.run())}>
        <div className="field">
          <label htmlFor={ids.policy}>{t('admin.policyName')}</label>
          <input
            id={ids.policy}
            value={policy.name}
            onChange={(event) => setPolicy({ ...policy, name: event.target.value })}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={policy.insights}
            onChange={(event) => setPolicy({ ...policy, insights: event.target.checked })}
          />
          {t('admin.policyInsights')}
        </label>
        <label className="checkbox indent">
          <input
            type="checkbox"
            checked={policy.insightsEnforced}
            onChange={(event) => setPolicy({ ...policy, insightsEnforced: event.target.checked })}
          />
          {t('admin.enforced')}
        </label>
        <div className="field">
          <label htmlFor={ids.logging}>{t('admin.policyLogging')}</label>
          <select
            id={ids.logging}
            value={policy.logging}
            onChange={(event) => setPolicy({ ...policy, logging: event.target.value as AccessControl })}
          >
            {ACCESS_CONTROLS.map((value) => (
              <option key={value} value={value}>
                {t(ACCESS_LABELS[value])}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox indent">
          <input
            type="checkbox"
            checked={policy.loggingEnforced}
            onChange={(event) => setPolicy({ ...policy, loggingEnforced: event.target.checked })}
          />
          {t('admin.enforced')}
        </label>
        <button type="submit" className="secondary" disabled={!policy.name || createPolicy.busy}>
          {t('admin.createPolicy')}
        </button>
      </form>
      {policies.length > 0 && (
        <form className="inline-form" onSubmit={(event) => (event.preventDefault(), void assign.run())}>
          <label htmlFor={ids.assignDevice}>{t('admin.deviceId')}</label>
          <input
            id={ids.assignDevice}
            inputMode="numeric"
            value={assignment.deviceId}
            onChange={(event) => setAssignment({ ...assignment, deviceId: event.target.value })}
          />
          <label htmlFor={ids.assignPolicy}>{t('admin.policy')}</label>
          <select
            id={ids.assignPolicy}
            value={assignment.policyId}
            onChange={(event) => setAssignment({ ...assignment, policyId: event.target.value })}
          >
            {policies.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary" disabled={!assignment.deviceId || assign.busy}>
            {t('admin.assign')}
          </button>
        </form>
      )}
      <p className="note" role="status">
        {note}
      </p>
      <ErrorText message={addDevice.error ?? createPolicy.error ?? assign.error} />
    </section>
  );
}

/** AC-3: company-branded, host-only configurations. */
export function ModulesSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const ids = { h: useId(), name: useId(), welcome: useId() };
  const [module, setModule] = useState({ name: '', welcomeText: '', insightsEnabled: false });
  const [created, setCreated] = useState<string | null>(null);
  const save = useAction(async () =>
    setCreated((await client.invoke('admin.modules.create', { ...module, logo: null })).id),
  );
  return (
    <section aria-labelledby={ids.h} className="subsection">
      <h2 id={ids.h}>{t('admin.modules')}</h2>
      <form className="settings-form wide" onSubmit={(event) => (event.preventDefault(), void save.run())}>
        <div className="field">
          <label htmlFor={ids.name}>{t('admin.moduleName')}</label>
          <input
            id={ids.name}
            value={module.name}
            onChange={(event) => setModule({ ...module, name: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.welcome}>{t('admin.welcomeText')}</label>
          <textarea
            id={ids.welcome}
            value={module.welcomeText}
            onChange={(event) => setModule({ ...module, welcomeText: event.target.value })}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={module.insightsEnabled}
            onChange={(event) => setModule({ ...module, insightsEnabled: event.target.checked })}
          />
          {t('admin.moduleInsights')}
        </label>
        <button type="submit" className="secondary" disabled={!module.name || save.busy}>
          {t('admin.createModule')}
        </button>
      </form>
      {created && (
        <p role="status" className="note">
          {t('admin.moduleCreated', { id: created })}
        </p>
      )}
      <ErrorText message={save.error} />
    </section>
  );
}

/** SI-7: roles and what they may do. */
export function RolesSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const ids = { h: useId(), name: useId() };
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<Set<Permission>>(new Set(['insights.view']));
  const [note, setNote] = useState<string | null>(null);
  const create = useAction(async () => {
    await client.invoke('admin.roles.create', { name, permissions: [...permissions] });
    setNote(t('admin.roleCreated', { name }));
  });
  return (
    <section aria-labelledby={ids.h} className="subsection">
      <h2 id={ids.h}>{t('admin.roles')}</h2>
      <form className="settings-form wide" onSubmit={(event) => (event.preventDefault(), void create.run())}>
        <div className="field">
          <label htmlFor={ids.name}>{t('admin.roleName')}</label>
          <input id={ids.name} value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <fieldset className="option-group">
          <legend>{t('admin.permissions')}</legend>
          {ALL_PERMISSIONS.map((permission) => (
            <label key={permission} className="checkbox">
              <input
                type="checkbox"
                checked={permissions.has(permission)}
                onChange={(event) => {
                  const next = new Set(permissions);
                  if (event.target.checked) next.add(permission);
                  else next.delete(permission);
                  setPermissions(next);
                }}
              />
              {t(`admin.permission.${permission}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="secondary" disabled={!name || create.busy}>
          {t('admin.createRole')}
        </button>
      </form>
      <p className="note" role="status">
        {note}
      </p>
      <ErrorText message={create.error} />
    </section>
  );
}

/** The company's consent audit trails, as verified by the cloud endpoint. */
export function AuditSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const [devices, setDevices] = useState<Response<'admin.audit'> | null>(null);
  const load = useAction(async () => setDevices(await client.invoke('admin.audit', {})));
  useEffect(() => {
    void load.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once
  }, []);
  const withEntries = devices?.filter((device) => device.entries.length > 0) ?? [];
  return (
    <section aria-labelledby={headingId} className="subsection">
      <h2 id={headingId}>{t('admin.audit')}</h2>
      {devices && withEntries.length === 0 && <p className="hint">{t('admin.auditEmpty')}</p>}
      <ul>
        {withEntries.map((device) => (
          <li key={device.deviceId} className={device.intact ? 'ok' : 'error'}>
            {t('admin.auditDevice', {
              id: device.deviceId,
              count: device.entries.length,
              state: device.intact ? t('admin.intact') : t('admin.broken'),
            })}
          </li>
        ))}
      </ul>
      {withEntries.length > 0 && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const link = document.createElement('a');
            link.href = URL.createObjectURL(new Blob([JSON.stringify(devices, null, 2)], { type: 'application/json' }));
            link.download = 'tandem-company-consent-audit.json';
            link.click();
            URL.revokeObjectURL(link.href);
          }}
        >
          {t('settings.auditExport')}
        </button>
      )}
      <ErrorText message={load.error} />
    </section>
  );
}
