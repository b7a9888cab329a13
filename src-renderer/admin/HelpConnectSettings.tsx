import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  HELP_SESSION_LIFETIME_MINUTES as LIFETIME,
  type HelpConnectSettings as Settings,
} from '../../src-shared/liveview/contract';
import { useAction } from '../shell/useAction';
import { ErrorText } from '../shell/ErrorText';
import { useClient } from './useList';

/** The minutes as typed, when they are a lifetime the endpoint takes (5 … 720); null otherwise. */
function typedLifetime(typed: string): number | null {
  const minutes = Number(typed);
  return typed.trim() !== '' && Number.isInteger(minutes) && minutes >= LIFETIME.min && minutes <= LIFETIME.max
    ? minutes
    : null;
}

/**
 * LV-2: whether a supporter who types the help session ID an end user read out starts at once
 * (the end user acknowledged when they asked for help) or the end user still clicks Accept. Off
 * by default; a help session picked in the Live View always asks. LV-4: how long a help session
 * lives at most (an hour by default).
 */
export function HelpConnectSettings(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const ids = { lifetime: useId(), invalid: useId() };
  const [settings, setSettings] = useState<Settings | null>(null);
  const [lifetime, setLifetime] = useState('');
  const [saved, setSaved] = useState(false);
  const shown = (next: Settings) => {
    setSettings(next);
    setLifetime(String(next.lifetimeMinutes));
  };
  // Loaded once when shown: a load on every render would put back the minutes being typed.
  const fetchSettings = useCallback(async () => {
    const loaded = await client.invoke('admin.liveview.settings', {});
    setSettings(loaded);
    setLifetime(String(loaded.lifetimeMinutes));
  }, [client]);
  const load = useAction(fetchSettings);
  const change = useAction(async (body: Partial<Settings>) => {
    setSaved(false);
    const before = settings;
    if (before) setSettings({ ...before, ...body });
    try {
      shown(await client.invoke('admin.liveview.updateSettings', { body }));
      setSaved(true);
    } catch (error) {
      setSettings(before);
      throw error;
    }
  });
  const { run } = load;
  useEffect(() => void run(), [run]);
  const minutes = typedLifetime(lifetime);

  return (
    <fieldset className="option-group" aria-busy={settings === null}>
      <legend>{t('admin.helpConnect.title')}</legend>
      {settings === null && !load.error && <p role="status">{t('admin.helpConnect.loading')}</p>}
      <ErrorText message={load.error} />
      {settings !== null && (
        <>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.codeSkipsAccept}
              disabled={change.busy}
              data-testid="help-code-skips-accept"
              onChange={(event) => void change.run({ codeSkipsAccept: event.target.checked })}
            />
            {t('admin.helpConnect.codeSkipsAccept')}
          </label>
          <p className="hint">{t('admin.helpConnect.hint')}</p>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (minutes !== null) void change.run({ lifetimeMinutes: minutes });
            }}
          >
            <div className="field">
              <label htmlFor={ids.lifetime}>{t('admin.helpConnect.lifetime')}</label>
              <input
                id={ids.lifetime}
                type="number"
                min={LIFETIME.min}
                max={LIFETIME.max}
                step={1}
                value={lifetime}
                aria-invalid={minutes === null}
                aria-describedby={minutes === null ? ids.invalid : undefined}
                onChange={(event) => setLifetime(event.target.value)}
              />
            </div>
            <button
              type="submit"
              className="secondary"
              disabled={change.busy || minutes === null || minutes === settings.lifetimeMinutes}
            >
              {t('admin.helpConnect.saveLifetime')}
            </button>
          </form>
          <ErrorText
            id={ids.invalid}
            message={
              minutes === null ? t('admin.helpConnect.lifetimeInvalid', { min: LIFETIME.min, max: LIFETIME.max }) : null
            }
          />
          <p className="hint">{t('admin.helpConnect.lifetimeHint')}</p>
        </>
      )}
      <ErrorText message={change.error} />
      <p className="note" role="status">
        {saved ? t('admin.helpConnect.saved') : null}
      </p>
    </fieldset>
  );
}
