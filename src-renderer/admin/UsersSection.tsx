import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountAuditEntry, AdminUser, Role } from '../../src-shared/domain/accounts';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { ConfirmRemove } from './Dialog';
import { EntityList } from './EntityList';
import { useClient, useList } from './useList';

/**
 * AC-1, SI-6, SI-7: the company's users — their role, whether they may sign in, removal (after a
 * confirmation), and *Log sessions for connection reporting* for one or many at once. The endpoint
 * refuses what the administrator may not do (grant more than they hold, lose the last
 * administrator); the refusal is shown in the user's words.
 */
export function UsersSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const users = useList(async () => (await client.invoke('admin.users.list', {})).users);
  const [roles, setRoles] = useState<Role[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [note, setNote] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AdminUser | null>(null);
  const [auditVersion, setAuditVersion] = useState(0);

  const refresh = async () => {
    const [, nextRoles] = await Promise.all([users.reload(), client.invoke('admin.roles.list', {})]);
    setRoles(nextRoles.roles);
    setAuditVersion((version) => version + 1);
  };
  const loadRoles = useAction(async () => setRoles((await client.invoke('admin.roles.list', {})).roles));
  const apply = useAction(async (userIds: string[], value: boolean) => {
    setNote(null);
    const { changed } = await client.invoke('admin.users.setLogging', { body: { userIds, value } });
    setNote(t('admin.changed', { count: changed }));
    await refresh();
  });
  const change = useAction(async (user: AdminUser, roleId: string) => {
    setNote(null);
    await client.invoke('admin.users.setRole', { params: { userId: user.id }, body: { roleId } });
    const role = roles.find((candidate) => candidate.id === roleId)?.name ?? roleId;
    setNote(t('admin.userAdmin.roleChanged', { name: user.name, role }));
    await refresh();
  });
  const toggle = useAction(async (user: AdminUser) => {
    setNote(null);
    await client.invoke('admin.users.setDisabled', { params: { userId: user.id }, body: { disabled: !user.disabled } });
    setNote(t(user.disabled ? 'admin.userAdmin.userEnabled' : 'admin.userAdmin.userDisabled', { name: user.name }));
    await refresh();
  });
  useEffect(() => {
    void loadRoles.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once
  }, []);

  return (
    <>
      <EntityList
        label={t('admin.users')}
        items={users.items}
        error={users.error}
        rowKey={(user) => user.id}
        searchText={(user) => `${user.name} ${user.email}`}
        empty={t('admin.userAdmin.empty')}
        columns={[
          {
            header: t('admin.select', { name: '' }).trim(),
            hiddenHeader: true,
            cell: (user) => (
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
            ),
          },
          { header: t('settings.displayName'), cell: (user) => user.name },
          { header: t('settings.email'), cell: (user) => user.email },
          {
            header: t('admin.userAdmin.role'),
            cell: (user) => (
              <select
                aria-label={t('admin.userAdmin.roleOf', { name: user.email })}
                value={user.roleId}
                disabled={change.busy}
                onChange={(event) => void change.run(user, event.target.value)}
              >
                {roles.map((role) => (
                  <option key={role.id} value={role.id}>
                    {role.name}
                  </option>
                ))}
              </select>
            ),
          },
          {
            header: t('admin.userAdmin.status'),
            cell: (user) => (
              <span data-testid={`status-${user.email}`}>
                {user.disabled ? t('admin.userAdmin.disabled') : t('admin.userAdmin.active')}
              </span>
            ),
          },
          {
            header: t('admin.logSessions'),
            cell: (user) => (
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  aria-label={t('admin.logSessionsOf', { name: user.email })}
                  checked={user.logSessions}
                  disabled={apply.busy}
                  onChange={(event) => void apply.run([user.id], event.target.checked)}
                />
                <span data-testid={`log-sessions-${user.email}`} aria-hidden="true">
                  {user.logSessions ? t('admin.on') : t('admin.off')}
                </span>
              </label>
            ),
          },
          {
            header: t('admin.userAdmin.actions'),
            className: 'row-actions',
            cell: (user) => (
              <>
                <button
                  type="button"
                  className="secondary"
                  aria-label={t(user.disabled ? 'admin.userAdmin.enableUser' : 'admin.userAdmin.disableUser', {
                    name: user.email,
                  })}
                  disabled={toggle.busy}
                  onClick={() => void toggle.run(user)}
                >
                  {user.disabled ? t('admin.userAdmin.enable') : t('admin.userAdmin.disable')}
                </button>
                <button
                  type="button"
                  className="danger"
                  aria-label={t('admin.userAdmin.removeUser', { name: user.email })}
                  onClick={() => setRemoving(user)}
                >
                  {t('admin.userAdmin.remove')}
                </button>
              </>
            ),
          },
        ]}
      />
      <div className="modal-actions">
        <button
          type="button"
          className="secondary"
          disabled={selected.size === 0 || apply.busy}
          onClick={() => void apply.run([...selected], true)}
        >
          {t('admin.switchOn')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={selected.size === 0 || apply.busy}
          onClick={() => void apply.run([...selected], false)}
        >
          {t('admin.switchOff')}
        </button>
        <span className="note" role="status">
          {note}
        </span>
      </div>
      <ErrorText message={loadRoles.error ?? apply.error ?? change.error ?? toggle.error} />
      {removing && (
        <ConfirmRemove
          title={t('admin.userAdmin.confirmRemoveTitle', { name: removing.name, email: removing.email })}
          description={t('admin.userAdmin.confirmRemove')}
          confirm={t('admin.userAdmin.confirmRemoveButton', { name: removing.name })}
          onConfirm={async () => {
            setNote(null);
            await client.invoke('admin.users.remove', { params: { userId: removing.id } });
            setNote(t('admin.userAdmin.userRemoved', { name: removing.name }));
            await refresh();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
      <AccountAudit version={auditVersion} />
    </>
  );
}

/** Who changed which role or user, and when; reloaded after each change made here. */
export function AccountAudit({ version }: { version: number }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const [entries, setEntries] = useState<AccountAuditEntry[] | null>(null);
  const load = useAction(async () => setEntries((await client.invoke('admin.accountAudit', {})).entries));
  useEffect(() => {
    void load.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload when a change was made here
  }, [version]);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <details className="history">
      <summary id={headingId}>{t('admin.userAdmin.audit')}</summary>
      {entries?.length === 0 && <p className="hint">{t('admin.userAdmin.auditEmpty')}</p>}
      <ol aria-labelledby={headingId} data-testid="account-audit">
        {entries?.map((entry, index) => (
          <li key={`${entry.at}-${index}`}>
            {t('admin.userAdmin.auditEntry', {
              at: when.format(new Date(entry.at)),
              actor: entry.actor,
              action: t(`admin.userAdmin.action.${entry.action}`),
              target: entry.target,
            })}
          </li>
        ))}
      </ol>
      <ErrorText message={load.error} />
    </details>
  );
}
