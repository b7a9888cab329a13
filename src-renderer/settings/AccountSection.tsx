import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/** AC-1: sign in to the company account from the desktop app. */
export function AccountSection(): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { email: useId(), password: useId(), totp: useId(), endpoint: useId() };
  const client = useAppStore((state) => state.client);
  const status = useAppStore((state) => state.account);
  const setStatus = useAppStore((state) => state.setAccount);
  const cloud = useAppStore((state) => state.cloud);
  const [form, setForm] = useState({ email: '', password: '', totp: '' });
  const [address, setAddress] = useState<string | null>(null);
  const endpointShown = address ?? (cloud && !cloud.embedded ? cloud.url : '');
  // AC-1: the account lives on the company's endpoint; the app moves there (and signs out here).
  const move = useAction(async (url: string | null) => {
    await client!.invoke('account.setEndpoint', { url });
    setAddress(null);
  });

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

  const endpointForm = cloud && (
    <form
      className="settings-form"
      aria-labelledby={`${ids.endpoint}-h`}
      onSubmit={(event) => {
        event.preventDefault();
        void move.run(endpointShown.trim());
      }}
    >
      <h3 id={`${ids.endpoint}-h`}>{t('settings.endpointTitle')}</h3>
      <p role="status" data-testid="endpoint-now">
        {cloud.embedded
          ? t('settings.endpointNowBuiltIn', { url: cloud.url })
          : t('settings.endpointNow', { url: cloud.url })}
      </p>
      {cloud.fixed ? (
        <p className="hint">{t('settings.endpointFixed')}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={ids.endpoint}>{t('settings.endpointAddress')}</label>
            <input
              id={ids.endpoint}
              type="url"
              inputMode="url"
              placeholder={t('settings.endpointExample')}
              value={endpointShown}
              onChange={(event) => setAddress(event.target.value)}
            />
          </div>
          <div className="inline-form">
            <button type="submit" disabled={move.busy || !endpointShown.trim() || endpointShown.trim() === cloud.url}>
              {t('settings.endpointUse')}
            </button>
            {!cloud.embedded && (
              <button type="button" className="secondary" disabled={move.busy} onClick={() => void move.run(null)}>
                {t('settings.endpointBuiltIn')}
              </button>
            )}
          </div>
          <ErrorText message={move.error} />
        </>
      )}
    </form>
  );

  return (
    <>
      <h2>{t('settings.account')}</h2>
      {!status?.signedIn && endpointForm}
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
