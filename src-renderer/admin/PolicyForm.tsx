import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessControl } from '../../src-shared/consent/decision';
import type { PolicySettings } from '../../src-shared/domain/accounts';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';

export const ACCESS_CONTROLS: readonly AccessControl[] = ['after_confirmation', 'allowed', 'denied'];
export const ACCESS_LABELS = {
  after_confirmation: 'settings.insightsAfterConfirmation',
  allowed: 'settings.insightsAllowed',
  denied: 'settings.insightsDenied',
} as const;

interface Draft {
  name: string;
  insights: boolean;
  insightsEnforced: boolean;
  logging: AccessControl;
  loggingEnforced: boolean;
}

const draftOf = (name: string, settings: PolicySettings | null): Draft => ({
  name,
  insights: settings?.sessionInsights?.value ?? true,
  insightsEnforced: settings?.sessionInsights?.enforced ?? true,
  logging: settings?.insightsLogging?.value ?? 'after_confirmation',
  loggingEnforced: settings?.insightsLogging?.enforced ?? false,
});

/** AC-2: a policy's name and settings, each optionally enforced; for creating one or changing one. */
export function PolicyForm({
  name: initialName = '',
  settings,
  submit,
  onSaved,
  onCancel,
}: {
  name?: string;
  settings?: PolicySettings;
  submit: string;
  onSaved(name: string, settings: PolicySettings): Promise<void>;
  onCancel?(): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const [policy, setPolicy] = useState<Draft>(() => draftOf(initialName, settings ?? null));
  const save = useAction(async () => {
    await onSaved(policy.name, {
      sessionInsights: { value: policy.insights, enforced: policy.insightsEnforced },
      insightsLogging: { value: policy.logging, enforced: policy.loggingEnforced },
    });
    if (!onCancel) setPolicy(draftOf('', null));
  });
  return (
    <form className="settings-form wide" onSubmit={(event) => (event.preventDefault(), void save.run())}>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('admin.policyName')}</label>
        <input
          id={`${id}-name`}
          value={policy.name}
          onChange={(event) => setPolicy({ ...policy, name: event.target.value })}
        />
      </div>
      <p className="hint" id={`${id}-enforced`}>
        {t('admin.enforcedHint')}
      </p>
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
          aria-describedby={`${id}-enforced`}
          checked={policy.insightsEnforced}
          onChange={(event) => setPolicy({ ...policy, insightsEnforced: event.target.checked })}
        />
        {t('admin.enforceInsights')}
      </label>
      <div className="field">
        <label htmlFor={`${id}-logging`}>{t('admin.policyLogging')}</label>
        <select
          id={`${id}-logging`}
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
          aria-describedby={`${id}-enforced`}
          checked={policy.loggingEnforced}
          onChange={(event) => setPolicy({ ...policy, loggingEnforced: event.target.checked })}
        />
        {t('admin.enforceLogging')}
      </label>
      <ErrorText message={save.error} />
      <div className="modal-actions">
        <button type="submit" className="secondary" disabled={!policy.name.trim() || save.busy}>
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
