import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuickSupportModule } from '../../src-shared/domain/accounts';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { ConfirmRemove, Dialog } from './Dialog';
import { ModuleLogoField } from './ModuleLogoField';
import { EntityList, editRemoveColumn } from './EntityList';
import { useClient, useList } from './useList';

type ModuleFields = Pick<QuickSupportModule, 'name' | 'logo' | 'welcomeText' | 'insightsEnabled'>;
const EMPTY: ModuleFields = { name: '', logo: null, welcomeText: '', insightsEnabled: false };

/** A module's name, logo, welcome text and Session Insights, for creating one or changing one. */
function ModuleForm({
  initial = EMPTY,
  submit,
  onSaved,
  onCancel,
}: {
  initial?: ModuleFields;
  submit: string;
  onSaved(fields: ModuleFields): Promise<void>;
  onCancel?(): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const [module, setModule] = useState<ModuleFields>({
    name: initial.name,
    logo: initial.logo,
    welcomeText: initial.welcomeText,
    insightsEnabled: initial.insightsEnabled,
  });
  const save = useAction(async () => {
    await onSaved(module);
    if (!onCancel) setModule(EMPTY);
  });
  return (
    <form className="settings-form wide" onSubmit={(event) => (event.preventDefault(), void save.run())}>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('admin.moduleName')}</label>
        <input
          id={`${id}-name`}
          value={module.name}
          onChange={(event) => setModule({ ...module, name: event.target.value })}
        />
      </div>
      <ModuleLogoField logo={module.logo} name={module.name} onChange={(logo) => setModule({ ...module, logo })} />
      <div className="field">
        <label htmlFor={`${id}-welcome`}>{t('admin.welcomeText')}</label>
        <textarea
          id={`${id}-welcome`}
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
      <ErrorText message={save.error} />
      <div className="modal-actions">
        <button type="submit" className="secondary" disabled={!module.name.trim() || save.busy}>
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

/** AC-3: company-branded, host-only configurations. */
export function ModulesSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const modules = useList(async () => (await client.invoke('admin.modules.list', {})).modules);
  const [note, setNote] = useState<string | null>(null);
  const [editing, setEditing] = useState<QuickSupportModule | null>(null);
  const [removing, setRemoving] = useState<QuickSupportModule | null>(null);

  return (
    <>
      <EntityList
        label={t('admin.modules')}
        items={modules.items}
        error={modules.error}
        rowKey={(module) => module.id}
        searchText={(module) => `${module.name} ${module.welcomeText} ${module.id}`}
        empty={t('admin.modulesEmpty')}
        rowTestId={(module) => `module-${module.name}`}
        columns={[
          {
            header: t('admin.moduleName'),
            cell: (module) => (
              <span className="module-name-cell">
                {module.logo && <img src={module.logo} alt="" className="module-logo-thumb" />}
                {module.name}
              </span>
            ),
          },
          { header: t('admin.welcomeText'), cell: (module) => module.welcomeText },
          {
            header: t('admin.moduleInsightsColumn'),
            cell: (module) => (module.insightsEnabled ? t('admin.on') : t('admin.off')),
          },
          {
            header: t('admin.moduleStart'),
            cell: (module) => <code className="mono">--module {module.id}</code>,
          },
          editRemoveColumn<QuickSupportModule>({
            header: t('admin.actions'),
            editLabel: (module) => t('admin.editModule', { name: module.name }),
            removeLabel: (module) => t('admin.removeModule', { name: module.name }),
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
      <h3>{t('admin.newModule')}</h3>
      <ModuleForm
        submit={t('admin.createModule')}
        onSaved={async (fields) => {
          setNote(null);
          const { id } = await client.invoke('admin.modules.create', { body: fields });
          setNote(t('admin.moduleCreated', { id }));
          await modules.reload();
        }}
      />
      {editing && (
        <Dialog title={t('admin.editModule', { name: editing.name })} onClose={() => setEditing(null)}>
          <ModuleForm
            initial={editing}
            submit={t('admin.saveChanges')}
            onCancel={() => setEditing(null)}
            onSaved={async (fields) => {
              setNote(null);
              await client.invoke('admin.modules.update', {
                params: { moduleId: editing.id },
                body: fields,
              });
              setNote(t('admin.moduleSaved', { name: fields.name }));
              await modules.reload();
              setEditing(null);
            }}
          />
        </Dialog>
      )}
      {removing && (
        <ConfirmRemove
          title={t('admin.confirmRemoveModule', { name: removing.name })}
          description={t('admin.confirmRemoveModuleDetail')}
          confirm={t('admin.confirmRemoveButton', { name: removing.name })}
          onConfirm={async () => {
            setNote(null);
            await client.invoke('admin.modules.remove', { params: { moduleId: removing.id } });
            setNote(t('admin.moduleRemoved', { name: removing.name }));
            await modules.reload();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </>
  );
}
