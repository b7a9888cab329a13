import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { neverLoggedList } from '../../src-shared/consent/neverLogged';
import type { SessionView } from '../../src-shared/domain/session';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { sessionActions } from '../session/sessionStore';
import { supporterLabel, VerifiedMark } from './SupporterIdentity';

/**
 * SI-5: the Session Insights pop-up at the start of a session that needs consent. It says who
 * asks, for which company, what is logged and what never is. Closing it (Escape) or letting the
 * countdown run out means no — the core enforces the countdown whatever this window does.
 */
export function ConsentPrompt({ view }: { view: SessionView }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  const denyRef = useRef<HTMLButtonElement>(null);
  const [now, setNow] = useState(() => Date.now());
  const answer = useAction(async (allow: boolean) => void (await sessionActions.answerConsent(view.requestId, allow)));
  const consent = view.consent!;

  useEffect(() => {
    denyRef.current?.focus();
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);

  const seconds = Math.max(0, Math.ceil((Date.parse(consent.promptExpiresAt ?? '') - now) / 1000));
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') void answer.run(false);
        }}
      >
        <h2 id={titleId}>{t('consent.title')}</h2>
        <div id={bodyId}>
          <p className="prompt-who">
            {consent.ownerName ? t('consent.asks', { company: consent.ownerName }) : t('consent.asksUnnamed')}
          </p>
          <p>{t('prompt.who', { name: supporterLabel(view.partner) })}</p>
          <VerifiedMark partner={view.partner} />
          <p>{t('consent.logged')}</p>
          <p>
            <strong>{t('consent.never', { list: neverLoggedList(i18n.language === 'de' ? 'de' : 'en') })}</strong>
          </p>
          <p className="hint">{t('consent.withdrawHint')}</p>
          <p className="hint">{t('consent.countdown', { seconds })}</p>
        </div>
        <ErrorText message={answer.error} />
        <div className="modal-actions">
          <button type="button" disabled={answer.busy} onClick={() => void answer.run(true)}>
            {t('consent.allow')}
          </button>
          <button
            ref={denyRef}
            type="button"
            className="secondary"
            disabled={answer.busy}
            onClick={() => void answer.run(false)}
          >
            {t('consent.deny')}
          </button>
        </div>
      </div>
    </div>
  );
}
