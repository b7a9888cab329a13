import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../src-shared/domain/settings';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { ErrorText } from '../shell/ErrorText';

const PASSWORD_LENGTHS = [8, 10, 12, 16] as const;

/** How this user is named to the people they help, and the one-time password's strength (RS-1). */
export function ProfileAndSecurity({ settings }: { settings: Settings }): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { name: useId(), company: useId(), length: useId() };
  const update = useAppStore((state) => state.updateSettings);
  const [name, setName] = useState(settings.displayName ?? '');
  const [company, setCompany] = useState(settings.company ?? '');
  const [saved, setSaved] = useState(false);
  const save = useAction(async (patch: Partial<Settings>) => {
    await update(patch);
    setSaved(true);
  });

  return (
    <>
      <h2>{t('settings.profile')}</h2>
      <form
        className="settings-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save.run({ displayName: name.trim() || null, company: company.trim() || null });
        }}
      >
        <div className="field">
          <label htmlFor={ids.name}>{t('settings.displayName')}</label>
          <input
            id={ids.name}
            value={name}
            maxLength={80}
            autoComplete="name"
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.company}>{t('settings.company')}</label>
          <input
            id={ids.company}
            value={company}
            maxLength={80}
            autoComplete="organization"
            onChange={(event) => setCompany(event.target.value)}
          />
        </div>
        <p className="hint">{t('settings.profileHint')}</p>
        <button type="submit" className="secondary" disabled={save.busy}>
          {t('settings.save')}
        </button>
        <span className="note" role="status">
          {saved && !save.error ? t('settings.saved') : null}
        </span>
      </form>

      <h2>{t('settings.security')}</h2>
      <div className="field">
        <label htmlFor={ids.length}>{t('settings.passwordLength')}</label>
        <select
          id={ids.length}
          value={settings.oneTimePasswordLength ?? 8}
          onChange={(event) => void save.run({ oneTimePasswordLength: Number(event.target.value) })}
        >
          {PASSWORD_LENGTHS.map((length) => (
            <option key={length} value={length}>
              {t('settings.passwordLengthOption', { count: length })}
            </option>
          ))}
        </select>
        <p className="hint">{t('settings.passwordLengthHint')}</p>
      </div>
      <ErrorText message={save.error} />
    </>
  );
}
