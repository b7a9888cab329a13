import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/** AC-1: sign in to the company account from the desktop app. */
export function AccountSection(): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { email: useId(), password: useId(), totp: useId() };
  const client = useAppStore((state) => state.client);
  const status = useAppStore((state) => state.account);
  const setStatus = useAppStore((state) => state.setAccount);
  const [form, setForm] = useState({ email: '', password: '', totp: '' });

  // A refusal reads as its own sentence (wrong password, code needed, wait N seconds, endpoint
  // unreachable) from the error catalogue, not one generic "sign-in failed".
  const signIn = useAction(async () => {
    setStatus(
      await client!.invoke('account.signIn', {
        email: form.email,
        password: form.password,
        ...(form.totp ? { totp: form.totp } : {}),
      }),
    );
    setForm({ email: '', password: '', totp: '' });
  });
  const signOut = useAction(async () => setStatus(await client!.invoke('account.signOut', {})));

  return (
    <>
      <h2>{t('settings.account')}</h2>
      {status?.signedIn ? (
        <div className="settings-form">
          <p role="status" data-testid="account-status">
            {t('settings.signedInAs', { name: status.name, email: status.email, company: status.companyName })}
          </p>
          <button type="button" className="secondary" disabled={signOut.busy} onClick={() => void signOut.run()}>
            {t('settings.signOut')}
          </button>
        </div>
      ) : (
        <form
          className="settings-form"
          onSubmit={(event) => {
            event.preventDefault();
            void signIn.run();
          }}
        >
          <p className="hint">{t('settings.accountHint')}</p>
          <div className="field">
            <label htmlFor={ids.email}>{t('settings.email')}</label>
            <input
              id={ids.email}
              type="email"
              autoComplete="username"
              value={form.email}
              onChange={(event) => setForm({ ...form, email: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>{t('settings.password')}</label>
            <input
              id={ids.password}
              type="password"
              autoComplete="current-password"
              value={form.password}
              onChange={(event) => setForm({ ...form, password: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.totp}>{t('settings.totp')}</label>
            <input
              id={ids.totp}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={form.totp}
              onChange={(event) => setForm({ ...form, totp: event.target.value.replace(/\D/g, '') })}
            />
          </div>
          <button type="submit" disabled={signIn.busy || !form.email || !form.password}>
            {t('settings.signIn')}
          </button>
          <ErrorText message={signIn.error} />
        </form>
      )}
    </>
  );
}
