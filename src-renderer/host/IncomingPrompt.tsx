import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenSource, SessionView } from '../../src-shared/domain/session';
import { useAction } from '../shell/useAction';
import { sessionActions } from '../session/sessionStore';
import { ErrorText } from '../shell/ErrorText';
import { supporterLabel, VerifiedMark } from './SupporterIdentity';

/**
 * RS-4: who is connecting, what they ask for, Accept / Deny — denied automatically when the
 * countdown runs out (the core enforces that too, whatever this window does).
 */
export function IncomingPrompt({ view }: { view: SessionView }): React.JSX.Element {
  const { t } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  const denyRef = useRef<HTMLButtonElement>(null);
  const screenId = useId();
  const [now, setNow] = useState(() => Date.now());
  const [screens, setScreens] = useState<ScreenSource[]>([]);
  const answer = useAction((accept: boolean, access?: 'view') => sessionActions.answer(view.requestId, accept, access));

  useEffect(() => {
    void sessionActions.listScreens().then(setScreens, () => setScreens([]));
  }, []);

  useEffect(() => {
    denyRef.current?.focus();
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);

  const seconds = Math.max(0, Math.ceil((Date.parse(view.promptExpiresAt ?? '') - now) / 1000));
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={bodyId}>
        <h2 id={titleId}>{t('prompt.title')}</h2>
        <div id={bodyId}>
          <p className="prompt-who">{t('prompt.who', { name: supporterLabel(view.partner) })}</p>
          <VerifiedMark partner={view.partner} />
          {view.help && (
            <p data-testid="prompt-help">{t(view.help.kind === 'code' ? 'prompt.helpByCode' : 'prompt.helpRequest')}</p>
          )}
          {view.help?.reason && <p className="prompt-reason">{t('prompt.helpReason', { reason: view.help.reason })}</p>}
          <p>{view.requestedAccess === 'full' ? t('prompt.askFull') : t('prompt.askView')}</p>
          <p className="hint" aria-live="off">
            {t('prompt.countdown', { seconds })}
          </p>
        </div>
        {screens.length > 1 && (
          <div className="field">
            <label htmlFor={screenId}>{t('prompt.screen')}</label>
            <select
              id={screenId}
              defaultValue={screens.find((screen) => screen.primary)?.id}
              onChange={(event) => void sessionActions.chooseScreen(event.target.value)}
            >
              {screens.map((screen) => (
                <option key={screen.id} value={screen.id}>
                  {t(screen.primary ? 'prompt.screenPrimary' : 'prompt.screenOption', {
                    name: screen.name,
                    width: screen.width,
                    height: screen.height,
                  })}
                </option>
              ))}
            </select>
          </div>
        )}
        <ErrorText message={answer.error} />
        <div className="modal-actions">
          <button type="button" disabled={answer.busy} onClick={() => void answer.run(true)}>
            {t('prompt.accept')}
          </button>
          {view.requestedAccess === 'full' && (
            <button
              type="button"
              className="secondary"
              disabled={answer.busy}
              onClick={() => void answer.run(true, 'view')}
            >
              {t('prompt.acceptViewOnly')}
            </button>
          )}
          <button
            ref={denyRef}
            type="button"
            className="secondary"
            disabled={answer.busy}
            onClick={() => void answer.run(false)}
          >
            {t('prompt.deny')}
          </button>
        </div>
      </div>
    </div>
  );
}
