import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_PERMISSIONS, type Permission, type Role } from '../../src-shared/domain/accounts';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { ConfirmRemove, Dialog } from './Dialog';
import { EntityList, editRemoveColumn } from './EntityList';
import { useClient, useList } from './useList';

/** A role's name and permissions, for creating one or changing one. */
function RoleForm({
  initial,
  submit,
  onSaved,
  onCancel,
}: {
  initial: { name: string; permissions: readonly Permission[] };
  submit: string;
  onSaved(name: string, permissions: Permission[]): Promise<void>;
  onCancel?(): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const account = useAppStore((state) => state.account);
  // Nobody grants what they do not hold: the endpoint refuses it, so the form does not offer it.
  const held = new Set<Permission>(account?.signedIn ? account.permissions : []);
  const [name, setName] = useState(initial.name);
  const [permissions, setPermissions] = useState<Set<Permission>>(new Set(initial.permissions));
  const save = useAction(async () => {
    await onSaved(name, [...permissions]);
    if (!onCancel) {
      setName('');
      setPermissions(new Set(['insights.view']));
    }
  });
  return (
    <form className="settings-form wide" onSubmit={(event) => (event.preventDefault(), void save.run())}>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('admin.roleName')}</label>
        <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} />
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
      <ErrorText message={save.error} />
      <div className="modal-actions">
        <button type="submit" className="secondary" disabled={!name.trim() || save.busy}>
          {submit}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('admin.userAdmin.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** SI-7: the company's roles, what each may do and who holds it; a role still held is not removed. */
export function RolesSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const roles = useList(async () => (await client.invoke('admin.roles.list', {})).roles);
  const [note, setNote] = useState<string | null>(null);
  const [editing, setEditing] = useState<Role | null>(null);
  const [removing, setRemoving] = useState<Role | null>(null);
  const permissionNames = (role: Role) =>
    role.permissions.map((permission) => t(`admin.permission.${permission}`)).join(', ');

  return (
    <>
      <EntityList
        label={t('admin.roles')}
        items={roles.items}
        error={roles.error}
        rowKey={(role) => role.id}
        searchText={(role) => `${role.name} ${permissionNames(role)}`}
        empty={t('admin.rolesEmpty')}
        columns={[
          { header: t('admin.roleName'), cell: (role) => role.name },
          { header: t('admin.permissions'), cell: permissionNames },
          { header: t('admin.roleUsers'), cell: (role) => t('admin.roleUserCount', { count: role.users }) },
          editRemoveColumn<Role>({
            header: t('admin.actions'),
            editLabel: (role) => t('admin.editRole', { name: role.name }),
            removeLabel: (role) => t('admin.removeRole', { name: role.name }),
            edit: t('admin.edit'),
            remove: t('admin.remove'),
            onEdit: setEditing,
            onRemove: setRemoving,
          }),
        ]}
      />
      <p className="note" role="status">
        {note}
      </p>
      <h3>{t('admin.newRole')}</h3>
      <RoleForm
        initial={{ name: '', permissions: ['insights.view'] }}
        submit={t('admin.createRole')}
        onSaved={async (name, permissions) => {
          setNote(null);
          await client.invoke('admin.roles.create', { body: { name, permissions } });
          setNote(t('admin.roleCreated', { name }));
          await roles.reload();
        }}
      />
      {editing && (
        <Dialog title={t('admin.editRole', { name: editing.name })} onClose={() => setEditing(null)}>
          <RoleForm
            initial={editing}
            submit={t('admin.saveChanges')}
            onCancel={() => setEditing(null)}
            onSaved={async (name, permissions) => {
              setNote(null);
              await client.invoke('admin.roles.update', {
                params: { roleId: editing.id },
                body: { name, permissions },
              });
              setNote(t('admin.roleSaved', { name }));
              await roles.reload();
              setEditing(null);
            }}
          />
        </Dialog>
      )}
      {removing && (
        <ConfirmRemove
          title={t('admin.confirmRemoveRole', { name: removing.name })}
          description={t('admin.confirmRemoveRoleDetail', { count: removing.users })}
          confirm={t('admin.confirmRemoveButton', { name: removing.name })}
          onConfirm={async () => {
            setNote(null);
            await client.invoke('admin.roles.remove', { params: { roleId: removing.id } });
            setNote(t('admin.roleRemoved', { name: removing.name }));
            await roles.reload();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </>
  );
}
