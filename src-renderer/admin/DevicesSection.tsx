import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessControl } from '../../src-shared/consent/decision';
import { normalizeDeviceId } from '../../src-shared/domain/device';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

const ACCESS_CONTROLS: readonly AccessControl[] = ['after_confirmation', 'allowed', 'denied'];
const ACCESS_LABELS = {
  after_confirmation: 'settings.insightsAfterConfirmation',
  allowed: 'settings.insightsAllowed',
  denied: 'settings.insightsDenied',
} as const;

/**
 * AC-2, DP-2: the company's devices and how they join — IT's enrolment token (managed) or a user
 * of the company signing in on the device and adding it (unmanaged). There is no "add by ID": a
 * device is never taken into a company without something it presents itself.
 */
export function DevicesSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client)!;
  const headingId = useId();
  const [devices, setDevices] = useState<Response<'admin.devices.list'>['devices']>([]);
  const [note, setNote] = useState<string | null>(null);
  const list = async () => setDevices((await client.invoke('admin.devices.list', {})).devices);
  const load = useAction(list);
  const remove = useAction(async (deviceId: string) => {
    await client.invoke('admin.devices.remove', { params: { deviceId } });
    setNote(t('admin.deviceRemoved', { id: deviceId }));
    await list();
  });
  useEffect(() => {
    void load.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once
  }, []);

  return (
    <section aria-labelledby={headingId} className="subsection">
      <h2 id={headingId}>{t('admin.devices')}</h2>
      <p className="hint">{t('admin.howDevicesJoin')}</p>
      {devices.length === 0 ? (
        <p className="hint">{t('admin.noDevices')}</p>
      ) : (
        <table className="admin-table" aria-label={t('admin.companyDevices')}>
          <thead>
            <tr>
              <th scope="col">{t('admin.deviceId')}</th>
              <th scope="col">{t('admin.deviceName')}</th>
              <th scope="col">{t('admin.joined')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((device) => (
              <tr key={device.deviceId} data-testid={`company-device-${device.deviceId}`}>
                <td className="mono">{device.deviceId}</td>
                <td>{device.name}</td>
                <td>
                  {device.managed
                    ? t('admin.joinedByToken', { token: device.joinedVia ?? '' })
                    : t('admin.joinedByUser', { email: device.joinedVia ?? '' })}
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={t('admin.removeDevice', { id: device.deviceId })}
                    disabled={remove.busy}
                    onClick={() => void remove.run(device.deviceId)}
                  >
                    {t('admin.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="note" role="status">
        {note}
      </p>
      <ErrorText message={load.error ?? remove.error} />
      <EnrollmentTokens />
      <Policies />
    </section>
  );
}

/** DP-2: tokens IT puts into the managed configuration; each is shown once, when created. */
function EnrollmentTokens(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client)!;
  const ids = { h: useId(), name: useId(), days: useId(), uses: useId() };
  const [tokens, setTokens] = useState<Response<'admin.enrollmentTokens.list'>['tokens']>([]);
  const [form, setForm] = useState({ name: '', validDays: '365', maxUses: '' });
  const [created, setCreated] = useState<Response<'admin.enrollmentTokens.create'> | null>(null);
  const list = async () => setTokens((await client.invoke('admin.enrollmentTokens.list', {})).tokens);
  const load = useAction(list);
  const create = useAction(async () => {
    setCreated(
      await client.invoke('admin.enrollmentTokens.create', {
        body: {
          name: form.name,
          validDays: Number(form.validDays),
          maxUses: form.maxUses ? Number(form.maxUses) : null,
        },
      }),
    );
    setForm({ name: '', validDays: '365', maxUses: '' });
    await list();
  });
  const revoke = useAction(async (id: string) => {
    await client.invoke('admin.enrollmentTokens.revoke', { params: { id } });
    await list();
  });
  useEffect(() => {
    void load.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once
  }, []);

  return (
    <section aria-labelledby={ids.h}>
      <h3 id={ids.h}>{t('admin.enrollmentTokens')}</h3>
      <p className="hint">{t('admin.enrollmentTokensHint')}</p>
      <form className="inline-form" onSubmit={(event) => (event.preventDefault(), void create.run())}>
        <label htmlFor={ids.name}>{t('admin.tokenName')}</label>
        <input id={ids.name} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        <label htmlFor={ids.days}>{t('admin.tokenValidDays')}</label>
        <input
          id={ids.days}
          type="number"
          min={1}
          max={3650}
          value={form.validDays}
          onChange={(event) => setForm({ ...form, validDays: event.target.value })}
        />
        <label htmlFor={ids.uses}>{t('admin.tokenMaxUses')}</label>
        <input
          id={ids.uses}
          type="number"
          min={1}
          placeholder={t('admin.tokenUnlimited')}
          value={form.maxUses}
          onChange={(event) => setForm({ ...form, maxUses: event.target.value })}
        />
        <button type="submit" className="secondary" disabled={!form.name || create.busy}>
          {t('admin.createToken')}
        </button>
      </form>
      {created && (
        <p role="status" className="note">
          {t('admin.tokenCreated', { name: created.name })}{' '}
          <code className="mono" data-testid="enrollment-token">
            {created.token}
          </code>
        </p>
      )}
      <ul>
        {tokens.map((token) => (
          <li key={token.id}>
            {t('admin.tokenSummary', {
              name: token.name,
              uses: token.maxUses === null ? token.uses : `${token.uses}/${token.maxUses}`,
              expires: new Date(token.expiresAt).toLocaleDateString(),
            })}{' '}
            <button
              type="button"
              className="secondary"
              aria-label={t('admin.revokeToken', { name: token.name })}
              disabled={revoke.busy}
              onClick={() => void revoke.run(token.id)}
            >
              {t('admin.revoke')}
            </button>
          </li>
        ))}
      </ul>
      <ErrorText message={load.error ?? create.error ?? revoke.error} />
    </section>
  );
}

/** AC-2: policies hold settings, each optionally enforced; they go to managed devices only. */
function Policies(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client)!;
  const ids = { policy: useId(), assignDevice: useId(), assignPolicy: useId(), logging: useId() };
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
  const createPolicy = useAction(async () => {
    const { id } = await client.invoke('admin.policies.create', {
      body: {
        name: policy.name,
        settings: {
          sessionInsights: { value: policy.insights, enforced: policy.insightsEnforced },
          insightsLogging: { value: policy.logging, enforced: policy.loggingEnforced },
        },
      },
    });
    setPolicies([...policies, { id, name: policy.name }]);
    setAssignment({ ...assignment, policyId: id });
    setNote(t('admin.policyCreated', { name: policy.name }));
  });
  const assign = useAction(async () => {
    await client.invoke('admin.policies.assign', {
      params: { deviceId: normalizeDeviceId(assignment.deviceId) },
      body: { policyId: assignment.policyId },
    });
    setNote(t('admin.assigned'));
  });

  return (
    <>
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
      <ErrorText message={createPolicy.error ?? assign.error} />
    </>
  );
}
