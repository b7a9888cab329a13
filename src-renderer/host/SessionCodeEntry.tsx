import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionCodeSchema } from '../../src-shared/domain/session';
import { useAction } from '../shell/useAction';
import { sessionActions } from '../session/sessionStore';
import { ErrorText } from '../shell/ErrorText';
import { VerifiedMark } from './SupporterIdentity';

type Lookup = Awaited<ReturnType<typeof sessionActions.lookupCode>>;

/** RS-3: the end user types the supporter's code, sees who asks, and accepts. */
export function SessionCodeEntry(): React.JSX.Element {
  const { t } = useTranslation();
  const inputId = useId();
  const [code, setCode] = useState('');
  const [found, setFound] = useState<Lookup | null>(null);
  const [invalid, setInvalid] = useState(false);
  const lookup = useAction(async () => setFound(await sessionActions.lookupCode(code)));
  const join = useAction(async () => {
    await sessionActions.joinCode(code);
    setFound(null);
    setCode('');
  });

  const accessLabel = found?.access === 'full' ? t('banner.full') : t('banner.view');
  return (
    <section aria-labelledby={`${inputId}-title`} className="subsection">
      <h2 id={`${inputId}-title`}>{t('host.codeTitle')}</h2>
      <form
        className="connect-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const valid = sessionCodeSchema.safeParse(code).success;
          setInvalid(!valid);
          if (valid) void lookup.run();
        }}
      >
        <label htmlFor={inputId}>{t('host.codeLabel')}</label>
        <input
          id={inputId}
          inputMode="numeric"
          autoComplete="off"
          value={code}
          aria-invalid={invalid}
          onChange={(event) => {
            setCode(event.target.value.replace(/[^\d ]/g, '').slice(0, 14));
            setFound(null);
          }}
        />
        <button type="submit" className="secondary" disabled={lookup.busy}>
          {t('host.codeLookup')}
        </button>
      </form>
      {invalid && (
        <p className="error" role="alert">
          {t('host.codeInvalid')}
        </p>
      )}
      <ErrorText message={lookup.error ?? join.error} />
      {found && (
        <div className="code-request" role="group" aria-label={t('prompt.title')}>
          <p>
            {found.supporter.company
              ? t('host.codeAsks', {
                  name: found.supporter.name,
                  company: found.supporter.company,
                  access: accessLabel,
                })
              : t('host.codeAsksNoCompany', { name: found.supporter.name, access: accessLabel })}
          </p>
          <VerifiedMark partner={found.supporter} />
          <div className="modal-actions">
            <button type="button" disabled={join.busy} onClick={() => void join.run()}>
              {t('host.accept')}
            </button>
            <button type="button" className="secondary" onClick={() => setFound(null)}>
              {t('host.deny')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
