import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountAuditEntry, AdminUser, Role } from '../../src-shared/domain/accounts';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/**
 * AC-1, SI-6, SI-7: the company's users — their role, whether they may sign in, removal (after a
 * confirmation), and *Log sessions for connection reporting* for many at once. The endpoint
 * refuses what the administrator may not do (grant more than they hold, lose the last
 * administrator); the refusal is shown in the user's words.
 */
export function UsersSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client)!;
  const headingId = useId();
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [roles, setRoles] = useState<Role[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [note, setNote] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AdminUser | null>(null);
  const [auditVersion, setAuditVersion] = useState(0);
  const confirmRef = useRef<HTMLDialogElement>(null);

  const refresh = async () => {
    const [listed, nextRoles] = await Promise.all([
      client.invoke('admin.users.list', {}),
      client.invoke('admin.roles.list', {}),
    ]);
    setUsers(listed.users);
    setRoles(nextRoles.roles);
    setAuditVersion((version) => version + 1);
  };
  const load = useAction(refresh);
  const apply = useAction(async (value: boolean) => {
    const { changed } = await client.invoke('admin.users.setLogging', { body: { userIds: [...selected], value } });
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
    await client.invoke('admin.users.setDisabled', {
      params: { userId: user.id },
      body: { disabled: !user.disabled },
    });
    setNote(t(user.disabled ? 'admin.userAdmin.userEnabled' : 'admin.userAdmin.userDisabled', { name: user.name }));
    await refresh();
  });
  const remove = useAction(async (user: AdminUser) => {
    setNote(null);
    await client.invoke('admin.users.remove', { params: { userId: user.id } });
    setNote(t('admin.userAdmin.userRemoved', { name: user.name }));
    await refresh();
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
            <th scope="col">{t('admin.userAdmin.role')}</th>
            <th scope="col">{t('admin.userAdmin.status')}</th>
            <th scope="col">{t('admin.logSessions')}</th>
            <th scope="col">{t('admin.userAdmin.actions')}</th>
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
              <td>
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
              </td>
              <td data-testid={`status-${user.email}`}>
                {user.disabled ? t('admin.userAdmin.disabled') : t('admin.userAdmin.active')}
              </td>
              <td data-testid={`log-sessions-${user.email}`}>{user.logSessions ? t('admin.on') : t('admin.off')}</td>
              <td className="row-actions">
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
                  onClick={() => {
                    setRemoving(user);
                    confirmRef.current?.showModal();
                  }}
                >
                  {t('admin.userAdmin.remove')}
                </button>
              </td>
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
      <ErrorText message={load.error ?? apply.error ?? change.error ?? toggle.error ?? remove.error} />
      <dialog ref={confirmRef} className="modal" aria-labelledby={`${headingId}-confirm`}>
        <h2 id={`${headingId}-confirm`}>
          {removing && t('admin.userAdmin.confirmRemove', { name: removing.name, email: removing.email })}
        </h2>
        <div className="modal-actions">
          <button
            type="button"
            className="danger"
            onClick={() => {
              confirmRef.current?.close();
              if (removing) void remove.run(removing);
            }}
          >
            {removing && t('admin.userAdmin.confirmRemoveButton', { name: removing.name })}
          </button>
          <button type="button" className="secondary" autoFocus onClick={() => confirmRef.current?.close()}>
            {t('admin.userAdmin.cancel')}
          </button>
        </div>
      </dialog>
      <AccountAudit version={auditVersion} />
    </section>
  );
}

/** Who changed which role or user, and when; reloaded after each change made here. */
function AccountAudit({ version }: { version: number }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useAppStore((state) => state.client)!;
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
