import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessControl } from '../../src-shared/consent/decision';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

const OPTIONS: readonly AccessControl[] = ['after_confirmation', 'allowed', 'denied'];
const LABELS = {
  after_confirmation: 'settings.insightsAfterConfirmation',
  allowed: 'settings.insightsAllowed',
  denied: 'settings.insightsDenied',
} as const;

/** SI-5: this computer's access control *Session Insights logging*, locked where a policy enforces it. */
export function InsightsLoggingSection(): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { select: useId(), hint: useId(), policy: useId() };
  const client = useAppStore((state) => state.client);
  const settings = useAppStore((state) => state.settings);
  const update = useAppStore((state) => state.updateSettings);
  const [current, setCurrent] = useState<Response<'insights.accessControl'> | null>(null);
  const refresh = () => void client?.invoke('insights.accessControl', {}).then(setCurrent, () => setCurrent(null));
  useEffect(refresh, [client]);
  const save = useAction(async (patch: Parameters<typeof update>[0]) => {
    await update(patch);
    refresh();
  });

  const policy = current?.policySessionInsights;
  return (
    <>
      <h2>{t('settings.insightsLogging')}</h2>
      <div className="field">
        <label htmlFor={ids.select}>{t('settings.insightsLogging')}</label>
        <select
          id={ids.select}
          value={current?.value ?? 'after_confirmation'}
          disabled={!current || current.lockedByPolicy || current.lockedByManaged || save.busy}
          aria-describedby={ids.hint}
          onChange={(event) => void save.run({ insightsLogging: event.target.value as AccessControl })}
        >
          {OPTIONS.map((option) => (
            <option key={option} value={option}>
              {t(LABELS[option])}
            </option>
          ))}
        </select>
        <p id={ids.hint} className="hint">
          {current?.lockedByPolicy
            ? t('settings.lockedByPolicy')
            : current?.lockedByManaged
              ? t('settings.lockedByManaged')
              : t('settings.insightsLoggingHint')}
        </p>
      </div>
      {policy?.value && (
        <div className="field">
          <label className="checkbox">
            <input
              id={ids.policy}
              type="checkbox"
              checked={policy.enforced || settings?.insightsPolicyOptOut !== true}
              disabled={policy.enforced || save.busy}
              onChange={(event) => void save.run({ insightsPolicyOptOut: !event.target.checked })}
            />
            {t('settings.policyInsights')}
          </label>
          <p className="hint">{policy.enforced ? t('settings.lockedByPolicy') : t('settings.policyInsightsHint')}</p>
        </div>
      )}
      <ErrorText message={save.error} />
    </>
  );
}
