import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { ErrorText } from '../shell/ErrorText';
import { RememberedSupporters } from './RememberedSupporters';

/** RS-1: an optional permanent password (kept only as an argon2id-stretched OPAQUE record). */
export function UnattendedAccess(): React.JSX.Element {
  const { t } = useTranslation();
  const inputId = useId();
  const [password, setPassword] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const enabled = useAppStore((state) => state.hasPermanentPassword);
  const setPermanent = useAppStore((state) => state.setPermanentPassword);
  const save = useAction(async (value: string | null) => {
    await setPermanent(value);
    setPassword('');
  });
  return (
    <section aria-labelledby={`${inputId}-title`} className="subsection">
      <h2 id={`${inputId}-title`}>{t('host.unattendedTitle')}</h2>
      <p className="hint">{t('host.unattendedIntro')}</p>
      <p role="status">{enabled ? t('host.unattendedOn') : t('host.unattendedOff')}</p>
      <form
        className="connect-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTooShort(password.length < 8);
          if (password.length >= 8) void save.run(password);
        }}
      >
        <label htmlFor={inputId}>{t('host.unattendedPassword')}</label>
        <input
          id={inputId}
          type="password"
          autoComplete="new-password"
          value={password}
          aria-invalid={tooShort}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="secondary" disabled={save.busy}>
          {t('host.unattendedSet')}
        </button>
        {enabled && (
          <button type="button" className="secondary" disabled={save.busy} onClick={() => void save.run(null)}>
            {t('host.unattendedRemove')}
          </button>
        )}
      </form>
      {tooShort && (
        <p className="error" role="alert">
          {t('host.unattendedTooShort')}
        </p>
      )}
      <ErrorText message={save.error} />
      {enabled && <RememberedSupporters />}
    </section>
  );
}
