import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_PERMISSIONS, type Permission } from '../../src-shared/domain/accounts';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

function useClient() {
  return useAppStore((state) => state.client)!;
}

/** AC-3: company-branded, host-only configurations. */
export function ModulesSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const ids = { h: useId(), name: useId(), welcome: useId() };
  const [module, setModule] = useState({ name: '', welcomeText: '', insightsEnabled: false });
  const [created, setCreated] = useState<string | null>(null);
  const save = useAction(async () =>
    setCreated((await client.invoke('admin.modules.create', { body: { ...module, logo: null } })).id),
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
  const account = useAppStore((state) => state.account);
  // Nobody grants what they do not hold: the endpoint refuses it, so the form does not offer it.
  const held = new Set<Permission>(account?.signedIn ? account.permissions : []);
  const [permissions, setPermissions] = useState<Set<Permission>>(new Set(['insights.view']));
  const [note, setNote] = useState<string | null>(null);
  const create = useAction(async () => {
    await client.invoke('admin.roles.create', { body: { name, permissions: [...permissions] } });
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
          <p className="hint">{t('admin.userAdmin.onlyHeld')}</p>
          {ALL_PERMISSIONS.map((permission) => (
            <label key={permission} className="checkbox">
              <input
                type="checkbox"
                disabled={!held.has(permission)}
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
  const [devices, setDevices] = useState<Response<'admin.audit'>['devices'] | null>(null);
  const load = useAction(async () => setDevices((await client.invoke('admin.audit', {})).devices));
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
