import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyPolicy } from '../../src-shared/domain/accounts';
import { ConfirmRemove, Dialog } from './Dialog';
import { EntityList, editRemoveColumn } from './EntityList';
import { HelpConnectSettings } from './HelpConnectSettings';
import { ACCESS_LABELS, PolicyForm } from './PolicyForm';
import { useClient, useList } from './useList';

/** AC-2: the company's policies — settings, each optionally enforced, for managed devices only. */
export function PoliciesSection(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const policies = useList(async () => (await client.invoke('admin.policies.list', {})).policies);
  const [note, setNote] = useState<string | null>(null);
  const [editing, setEditing] = useState<CompanyPolicy | null>(null);
  const [removing, setRemoving] = useState<CompanyPolicy | null>(null);
  const summary = ({ settings }: CompanyPolicy) =>
    [
      settings.sessionInsights &&
        t(settings.sessionInsights.enforced ? 'admin.policySummary.enforced' : 'admin.policySummary.default', {
          setting: t('admin.policyInsights'),
          value: settings.sessionInsights.value ? t('admin.on') : t('admin.off'),
        }),
      settings.insightsLogging &&
        t(settings.insightsLogging.enforced ? 'admin.policySummary.enforced' : 'admin.policySummary.default', {
          setting: t('admin.policyLogging'),
          value: t(ACCESS_LABELS[settings.insightsLogging.value]),
        }),
    ]
      .filter(Boolean)
      .join('; ');

  return (
    <>
      <HelpConnectSettings />
      <p className="hint">{t('admin.policiesHint')}</p>
      <EntityList
        label={t('admin.policies')}
        items={policies.items}
        error={policies.error}
        rowKey={(policy) => policy.id}
        searchText={(policy) => policy.name}
        empty={t('admin.policiesEmpty')}
        rowTestId={(policy) => `policy-${policy.name}`}
        columns={[
          { header: t('admin.policyName'), cell: (policy) => policy.name },
          { header: t('admin.policySettings'), cell: summary },
          { header: t('admin.policyDevices'), cell: (policy) => t('admin.deviceCount', { count: policy.devices }) },
          editRemoveColumn<CompanyPolicy>({
            header: t('admin.actions'),
            editLabel: (policy) => t('admin.editPolicy', { name: policy.name }),
            removeLabel: (policy) => t('admin.removePolicy', { name: policy.name }),
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
      <h3>{t('admin.newPolicy')}</h3>
      <PolicyForm
        submit={t('admin.createPolicy')}
        onSaved={async (name, settings) => {
          setNote(null);
          await client.invoke('admin.policies.create', { body: { name, settings } });
          setNote(t('admin.policyCreated', { name }));
          await policies.reload();
        }}
      />
      {editing && (
        <Dialog title={t('admin.editPolicy', { name: editing.name })} onClose={() => setEditing(null)}>
          <PolicyForm
            name={editing.name}
            settings={editing.settings}
            submit={t('admin.saveChanges')}
            onCancel={() => setEditing(null)}
            onSaved={async (name, settings) => {
              setNote(null);
              await client.invoke('admin.policies.update', {
                params: { policyId: editing.id },
                body: { name, settings },
              });
              setNote(t('admin.policySaved', { name }));
              await policies.reload();
              setEditing(null);
            }}
          />
        </Dialog>
      )}
      {removing && (
        <ConfirmRemove
          title={t('admin.confirmRemovePolicy', { name: removing.name })}
          description={t('admin.confirmRemovePolicyDetail', { count: removing.devices })}
          confirm={t('admin.confirmRemoveButton', { name: removing.name })}
          onConfirm={async () => {
            setNote(null);
            const { unassigned } = await client.invoke('admin.policies.remove', { params: { policyId: removing.id } });
            setNote(t('admin.policyRemoved', { name: removing.name, count: unassigned }));
            await policies.reload();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </>
  );
}
