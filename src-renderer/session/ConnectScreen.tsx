import { ConnectionHistory } from '../reports/ConnectionHistory';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceIdSchema, formatDeviceId, normalizeDeviceId } from '../../src-shared/domain/device';
import { typedHelpCodeSchema } from '../../src-shared/liveview/contract';
import type { Access } from '../../src-shared/signaling/protocol';
import { formatWait } from '../shell/formatWait';
import { useAction } from '../shell/useAction';
import { RememberPassword } from './RememberPassword';
import { useRememberedHosts } from './rememberedHosts';
import { SessionEnded } from './SessionEnded';
import { sessionActions, useSessionStore } from './sessionStore';
import { ErrorText } from '../shell/ErrorText';
import { useAppStore } from '../store/appStore';
import './session.css';

const ACCESS_OPTIONS: readonly Access[] = ['full', 'view'];
const ENDED_KEYS = {
  ended_by_supporter: 'session.ended.ended_by_supporter',
  ended_by_host: 'session.ended.ended_by_host',
  connection_lost: 'session.ended.connection_lost',
} as const;

/** A help session ID as people read it: `123 456 789`, whatever the supporter typed around the digits. */
function formatHelpCode(typed: string): string {
  const digits = typed.replace(/\D/g, '').slice(0, 9);
  return digits.replace(/(\d{3})(?=\d)/g, '$1 ');
}

/**
 * The supporter's side (RS-2, RS-3, LV-2): connect by ID and password, to an end user's help
 * session by the ID they read out, or hand out a session code.
 */
export function ConnectScreen(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const ids = {
    partner: useId(),
    password: useId(),
    error: useId(),
    help: useId(),
    helpError: useId(),
    target: useId(),
  };
  const [helpCode, setHelpCode] = useState('');
  const [helpSubmitted, setHelpSubmitted] = useState(false);
  // Opened from Computers: that computer's ID is filled in, and the hint says which password it takes.
  const target = useAppStore((state) => state.connectTarget);
  const [partner, setPartner] = useState(() => (target ? formatDeviceId(target.deviceId) : ''));
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [access, setAccess] = useState<Access>('full');
  const [submitted, setSubmitted] = useState(false);
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [closedEnded, setClosedEnded] = useState<string | null>(null);
  const view = useSessionStore((state) => (state.lastOutgoing ? state.views[state.lastOutgoing] : undefined));
  // Read again once the outgoing connect settles: a session by the permanent password may have
  // remembered it, a refused remembered password is gone.
  const settled = view && (view.state === 'connecting' || view.state === 'ended') ? view.requestId : null;
  const remembered = useRememberedHosts(settled);
  const partnerId = normalizeDeviceId(partner);
  const connect = useAction(
    async () =>
      void (await sessionActions.connect(partnerId, password === '' ? undefined : password, access, remember)),
  );
  const connectHelp = useAction(async () => void (await sessionActions.connectHelp({ code: helpCode }, access)));
  const helpValid = typedHelpCodeSchema.safeParse(helpCode).success;
  const helpError = helpSubmitted && !helpValid;
  const createCode = useAction(async () => setCode(await sessionActions.createCode(access)));

  const idValid = deviceIdSchema.safeParse(partnerId).success;
  const idError = submitted && !idValid;
  const passwordRemembered = idValid && remembered.hosts.some((host) => host.deviceId === partnerId);
  const passwordError = submitted && idValid && password === '' && !passwordRemembered;
  const busy = view !== undefined && view.state !== 'ended';
  // Said only where the computer told the endpoint; a guess would send the supporter the wrong way.
  const targetHint =
    target && target.unattended !== null && normalizeDeviceId(partner) === target.deviceId
      ? t(target.unattended ? 'connect.prefilled.unattended' : 'connect.prefilled.attended', { name: target.name })
      : null;

  // Where the outgoing connection stands: shown under the form it was started from.
  const feedback = (
    <>
      {view && view.state !== 'ended' && view.state !== 'active' && view.state !== 'prompting' && (
        <p className="note" role="status" data-testid="connect-status">
          <span className="spinner inline" aria-hidden="true" />{' '}
          {view.method === 'help' && view.state !== 'connecting'
            ? t('connect.help.asking')
            : t(`connect.state.${view.state}`)}
        </p>
      )}
      {view?.state === 'ended' && !view.failure && view.endReason && view.endReason in ENDED_KEYS && (
        <p className="note" role="status" data-testid="connect-ended">
          {t(ENDED_KEYS[view.endReason as keyof typeof ENDED_KEYS])}
        </p>
      )}
      {view?.state === 'ended' && view.startedAt && closedEnded !== view.requestId && (
        <SessionEnded view={view} onClose={() => setClosedEnded(view.requestId)} />
      )}
      {view?.failure && (
        <p className="error" role="alert" data-testid="connect-failure">
          {t(`connect.failure.${view.failure.code}`, {
            wait: formatWait(view.failure.retryAfterMs ?? 0, i18n.language),
          })}
        </p>
      )}
    </>
  );

  return (
    <section aria-labelledby="connect-title">
      <h1 id="connect-title" tabIndex={-1}>
        {t('connect.title')}
      </h1>
      <p className="lead">{t('connect.intro')}</p>
      <form
        className="connect-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(true);
          if (idValid && (password !== '' || passwordRemembered)) void connect.run();
        }}
      >
        <div className="field">
          <label htmlFor={ids.partner}>{t('connect.partnerId')}</label>
          <input
            id={ids.partner}
            inputMode="numeric"
            autoComplete="off"
            placeholder={t('connect.placeholder')}
            value={partner}
            aria-invalid={idError}
            aria-describedby={idError ? ids.error : undefined}
            onChange={(event) => {
              const next = normalizeDeviceId(event.target.value).replace(/\D/g, '').slice(0, 9);
              setPartner(formatDeviceId(next));
              setSubmitted(false);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>{t('connect.password')}</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="off"
            value={password}
            aria-invalid={passwordError}
            aria-describedby={targetHint ? ids.target : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        {targetHint && (
          <p id={ids.target} className="hint" data-testid="connect-target">
            {targetHint}
          </p>
        )}
        <RememberPassword
          remembered={passwordRemembered}
          checked={remember}
          onCheck={setRemember}
          onForget={() => remembered.forget(partnerId)}
        />
        <fieldset className="choice">
          <legend>{t('connect.access')}</legend>
          {ACCESS_OPTIONS.map((option) => (
            <label key={option}>
              <input type="radio" name="access" checked={access === option} onChange={() => setAccess(option)} />
              {option === 'full' ? t('connect.accessFull') : t('connect.accessView')}
            </label>
          ))}
        </fieldset>
        {busy ? (
          <button type="button" className="secondary" onClick={() => void sessionActions.end(view.requestId)}>
            {t('connect.cancel')}
          </button>
        ) : (
          <button type="submit" disabled={connect.busy} aria-busy={connect.busy}>
            {t('connect.submit')}
          </button>
        )}
      </form>
      {idError && (
        <p id={ids.error} className="error" role="alert">
          {t('connect.invalid')}
        </p>
      )}
      {passwordError && (
        <p className="error" role="alert">
          {t('connect.passwordMissing')}
        </p>
      )}
      <ErrorText message={connect.error} />
      {view?.method !== 'help' && feedback}

      <h2 id={`${ids.help}-title`}>{t('connect.help.title')}</h2>
      <p className="hint">{t('connect.help.intro')}</p>
      <form
        className="connect-form"
        noValidate
        aria-labelledby={`${ids.help}-title`}
        onSubmit={(event) => {
          event.preventDefault();
          setHelpSubmitted(true);
          if (helpValid && !busy) void connectHelp.run();
        }}
      >
        <div className="field">
          <label htmlFor={ids.help}>{t('connect.help.label')}</label>
          <input
            id={ids.help}
            inputMode="numeric"
            autoComplete="off"
            placeholder={t('connect.placeholder')}
            value={helpCode}
            aria-invalid={helpError}
            aria-describedby={helpError ? ids.helpError : undefined}
            data-testid="help-code"
            onChange={(event) => {
              setHelpCode(formatHelpCode(event.target.value));
              setHelpSubmitted(false);
            }}
          />
        </div>
        <button type="submit" disabled={connectHelp.busy || busy} aria-busy={connectHelp.busy}>
          {t('connect.help.submit')}
        </button>
      </form>
      {helpError && (
        <p id={ids.helpError} className="error" role="alert">
          {t('connect.help.invalid')}
        </p>
      )}
      <ErrorText message={connectHelp.error} />
      {view?.method === 'help' && feedback}

      <h2>{t('connect.codeTitle')}</h2>
      <p className="hint">{t('connect.codeIntro')}</p>
      <button type="button" className="secondary" disabled={createCode.busy} onClick={() => void createCode.run()}>
        {t('connect.codeCreate')}
      </button>
      <ErrorText message={createCode.error} />
      {code && (
        <div className="code-display" role="status">
          <span className="credential-value mono" data-testid="session-code">
            {`${code.code.slice(0, 3)} ${code.code.slice(3, 6)} ${code.code.slice(6)}`}
          </span>
          <span className="hint">
            {t('connect.codeValid', { time: new Date(code.expiresAt).toLocaleTimeString(i18n.language) })}
          </span>
        </div>
      )}
      <ConnectionHistory
        direction="outgoing"
        onUse={(deviceId) => {
          setPartner(formatDeviceId(deviceId));
          setSubmitted(false);
          document.getElementById(ids.password)?.focus();
        }}
      />
    </section>
  );
}
