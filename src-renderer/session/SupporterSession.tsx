import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-shared/domain/session';
import type { InputEvent } from '../../src-shared/session/inputEvents';
import { useAction } from '../shell/useAction';
import { LoggingStatus } from './LoggingStatus';
import { RemoteScreen } from './RemoteScreen';
import { SessionPanel } from './SessionPanel';
import { sessionActions, useSessionStore } from './sessionStore';

/** The supporter's session window: the partner's screen, controls, quality, chat and files. */
export function SupporterSession({ view }: { view: SessionView }): React.JSX.Element {
  const { t } = useTranslation();
  const textId = useId();
  const [fit, setFit] = useState(true);
  const [text, setText] = useState('');
  const stream = useSessionStore((state) => state.streams[view.requestId]);
  const stats = useSessionStore((state) => state.stats[view.requestId]);
  const recovering = useSessionStore((state) => state.recovering[view.requestId]);
  const toggleControl = useAction(
    async () =>
      void (await sessionActions.setAccess(view.requestId, view.supporterChoice === 'full' ? 'view' : 'full')),
  );
  const end = useAction(async () => void (await sessionActions.end(view.requestId)));
  const send = useCallback(
    (event: InputEvent) => void sessionActions.sendInput(view.requestId, event),
    [view.requestId],
  );
  const control = view.access === 'full' && view.state === 'active';
  const name = view.partner.name || view.partner.deviceId.replace(/(\d{3})(?=\d)/g, '$1 ');

  return (
    <section className="session" aria-labelledby="session-title">
      <header className="session-toolbar">
        <h1 id="session-title" tabIndex={-1}>
          {t('session.title', { name })}
        </h1>
        {view.partner.verified && <span className="badge ok">{t('session.verified')}</span>}
        <span className="stats" role="status" data-testid="session-stats">
          {stats && stats.roundTripMs !== null
            ? t('session.stats', {
                rtt: stats.roundTripMs,
                fps: Math.round(stats.fps ?? 0),
                kbps: stats.bitrateKbps ?? 0,
              })
            : t('session.statsUnknown')}
          {stats?.route && ` · ${stats.route === 'relay' ? t('session.routeRelay') : t('session.routeDirect')}`}
        </span>
        <button type="button" className="secondary" aria-pressed={!fit} onClick={() => setFit(!fit)}>
          {fit ? t('session.actualSize') : t('session.fit')}
        </button>
        <button
          type="button"
          className="secondary"
          aria-pressed={view.supporterChoice === 'view'}
          disabled={view.hostGrant !== 'full' || toggleControl.busy}
          onClick={() => void toggleControl.run()}
        >
          {view.supporterChoice === 'full' ? t('session.viewOnly') : t('session.takeControl')}
        </button>
        <button type="button" className="danger" disabled={end.busy} onClick={() => void end.run()}>
          {t('session.end')}
        </button>
      </header>
      <LoggingStatus view={view} />
      {recovering && (
        <p className="note" role="status">
          {t('session.recovering')}
        </p>
      )}
      {view.hostGrant !== 'full' && (
        <p className="note" role="status">
          {t('session.controlRevoked')}
        </p>
      )}
      <div className="session-body">
        <RemoteScreen stream={stream} name={name} fit={fit} control={control} send={send} />
        <div className="session-side">
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (text) send({ type: 'text', text });
              setText('');
            }}
          >
            <label htmlFor={textId}>{t('session.sendText')}</label>
            <input
              id={textId}
              value={text}
              maxLength={1000}
              disabled={!control}
              onChange={(event) => setText(event.target.value)}
            />
            <button type="submit" className="secondary" disabled={!control || !text}>
              {t('session.sendTextButton')}
            </button>
          </form>
          <SessionPanel view={view} />
        </div>
      </div>
    </section>
  );
}
