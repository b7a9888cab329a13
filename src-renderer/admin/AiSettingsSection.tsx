import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { AiSettings, aiSettingsChangeSchema } from '../../src-shared/domain/accounts';

type AiSettingsChange = z.input<typeof aiSettingsChangeSchema>;
import { ErrorText } from '../shell/ErrorText';
import { CreditBalance } from './CreditBalance';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

const OUTGOING_SCOPES = ['all_company_users', 'quicksupport_modules'] as const;
const INCOMING_SCOPES = ['all_company_devices', 'managed_devices_with_policy'] as const;

/** SI-1 … SI-4: activation (with the terms), the two options with their scopes, the language. */
export function AiSettingsSection(): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { terms: useId(), language: useId(), outgoing: useId(), incoming: useId() };
  const client = useAppStore((state) => state.client);
  const [settings, setSettings] = useState<AiSettings | null>(null);
  const [terms, setTerms] = useState(false);
  const load = useAction(async () => setSettings(await client!.invoke('admin.aiSettings.get', {})));
  const change = useAction(async (patch: AiSettingsChange) => {
    // Show the choice at once; the endpoint's answer then replaces it (or the error shows).
    const { outgoing, incoming, language } = patch;
    setSettings((current) =>
      current
        ? {
            ...current,
            ...(outgoing ? { outgoing } : {}),
            ...(incoming ? { incoming } : {}),
            ...(language ? { language } : {}),
          }
        : current,
    );
    try {
      setSettings(await client!.invoke('admin.aiSettings.update', { body: patch }));
    } catch (error) {
      setSettings(await client!.invoke('admin.aiSettings.get', {}));
      throw error;
    }
  });
  useEffect(() => {
    if (client) void load.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once per client
  }, [client]);

  return (
    <>
      <CreditBalance />
      <ErrorText message={load.error ?? change.error} />
      {settings && !settings.activated && (
        <div className="settings-form">
          <p>{t('admin.aiOff')}</p>
          <label className="checkbox">
            <input
              id={ids.terms}
              type="checkbox"
              checked={terms}
              onChange={(event) => setTerms(event.target.checked)}
            />
            {t('admin.acceptTerms')}
          </label>
          <button
            type="button"
            disabled={!terms || change.busy}
            onClick={() => void change.run({ activate: { acceptTerms: true } })}
          >
            {t('admin.activate')}
          </button>
        </div>
      )}
      {settings?.activated && (
        <div className="settings-form wide">
          <p role="status">{t('admin.aiOn', { by: settings.termsAcceptedBy ?? '' })}</p>
          <fieldset className="option-group">
            <legend>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={settings.outgoing.enabled}
                  onChange={(event) =>
                    void change.run({ outgoing: { ...settings.outgoing, enabled: event.target.checked } })
                  }
                />
                {t('admin.outgoing')}
              </label>
            </legend>
            {OUTGOING_SCOPES.map((scope) => (
              <label key={scope} className="checkbox">
                <input
                  type="radio"
                  name={ids.outgoing}
                  checked={settings.outgoing.scope === scope}
                  disabled={!settings.outgoing.enabled}
                  onChange={() => void change.run({ outgoing: { enabled: true, scope } })}
                />
                {scope === 'all_company_users' ? t('admin.outgoingAll') : t('admin.outgoingModules')}
              </label>
            ))}
          </fieldset>
          <fieldset className="option-group">
            <legend>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={settings.incoming.enabled}
                  onChange={(event) =>
                    void change.run({ incoming: { ...settings.incoming, enabled: event.target.checked } })
                  }
                />
                {t('admin.incoming')}
              </label>
            </legend>
            {INCOMING_SCOPES.map((scope) => (
              <label key={scope} className="checkbox">
                <input
                  type="radio"
                  name={ids.incoming}
                  checked={settings.incoming.scope === scope}
                  disabled={!settings.incoming.enabled}
                  onChange={() => void change.run({ incoming: { enabled: true, scope } })}
                />
                {scope === 'all_company_devices' ? t('admin.incomingAll') : t('admin.incomingPolicy')}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={ids.language}>{t('admin.language')}</label>
            <select
              id={ids.language}
              value={settings.language}
              onChange={(event) => void change.run({ language: event.target.value === 'de' ? 'de' : 'en' })}
            >
              <option value="en">{t('language.en')}</option>
              <option value="de">{t('language.de')}</option>
            </select>
          </div>
          <button
            type="button"
            className="secondary"
            disabled={change.busy}
            onClick={() => void change.run({ deactivate: true })}
          >
            {t('admin.deactivate')}
          </button>
        </div>
      )}
    </>
  );
}
