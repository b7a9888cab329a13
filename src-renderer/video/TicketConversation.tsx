import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VIDEO_EXTERNAL_REF_MAX, VIDEO_MESSAGE_MAX } from '../../src-shared/video/ticketContract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { CreateSessionDialog } from './CreateSessionDialog';
import { addMessage } from './videoLists';
import { formatWhen, LoadError, Loading, useLoad, useVideoFrames, useVideoUser } from './videoParts';
import { useVideoStore } from './videoStore';

/**
 * A ticket's conversation (issue 16, item 2): the messages between the device's code user and the
 * company's employees, live from the feed; writing, closing and reopening, and the ITSM reference
 * (`video.conduct`); *New video session* with the ticket linked (VS-3, `video.manage`).
 */
export function TicketConversation({ id }: { id: string }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useAppStore((state) => state.client);
  const go = useVideoStore((state) => state.go);
  const { manages, conducts } = useVideoUser();
  const [draft, setDraft] = useState('');
  const [reference, setReference] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const ids = { message: useId(), reference: useId() };

  const fetchThread = useCallback(() => client!.invoke('video.tickets.get', { params: { id } }), [client, id]);
  const { loaded: thread, reload: load, update: setThread } = useLoad(fetchThread);
  useVideoFrames((frame) => {
    if (frame.type === 'message' && frame.ticketId === id)
      setThread((shown) => ({ ...shown, messages: addMessage(shown.messages, frame.message) }));
    if (frame.type === 'ticket' && frame.ticket.id === id)
      setThread((shown) => ({ ...shown, ...frame.ticket, externalRef: frame.ticket.externalRef ?? shown.externalRef }));
  });

  const send = useAction(async () => {
    const message = await client!.invoke('video.tickets.post', { params: { id }, body: { body: draft } });
    setDraft('');
    setThread((shown) => ({ ...shown, messages: addMessage(shown.messages, message) }));
  });
  const change = useAction(async (change: { status?: 'open' | 'closed'; externalRef?: string }) => {
    const ticket = await client!.invoke('video.tickets.update', { params: { id }, body: change });
    setReference(null);
    setThread((shown) => ({ ...shown, ...ticket }));
  });

  if (thread.state === 'loading') return <Loading label={t('video.ticket.loading')} />;
  if (thread.state === 'error') return <LoadError error={thread.error} what={t('video.ticket.error')} onRetry={load} />;
  const value = thread.value;
  const writes = conducts;
  const open = value.status === 'open';

  return (
    <article className="video-details" aria-labelledby="video-ticket-title">
      <h2 id="video-ticket-title">
        {value.title}{' '}
        <span className={`video-ticket-status video-ticket-${value.status}`}>
          {t(`video.tickets.statuses.${value.status}`)}
        </span>
      </h2>
      <dl className="video-facts">
        <dt>{t('video.tickets.device')}</dt>
        <dd>{value.deviceName}</dd>
        <dt>{t('video.ticket.reference')}</dt>
        <dd>
          {reference === null ? (
            <>
              {value.externalRef || t('video.none')}{' '}
              {writes && (
                <button type="button" className="link" onClick={() => setReference(value.externalRef)}>
                  {t('video.ticket.editReference')}
                </button>
              )}
            </>
          ) : (
            <form
              className="video-inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                void change.run({ externalRef: reference });
              }}
            >
              <label htmlFor={ids.reference} className="visually-hidden">
                {t('video.ticket.reference')}
              </label>
              <input
                id={ids.reference}
                maxLength={VIDEO_EXTERNAL_REF_MAX}
                value={reference}
                onChange={(event) => setReference(event.target.value)}
              />
              <button type="submit" className="secondary" disabled={change.busy}>
                {t('video.save')}
              </button>
              <button type="button" className="secondary" onClick={() => setReference(null)}>
                {t('video.cancel')}
              </button>
            </form>
          )}
        </dd>
      </dl>
      <div className="video-actions">
        {writes && (
          <button
            type="button"
            className="secondary"
            disabled={change.busy}
            onClick={() => void change.run({ status: open ? 'closed' : 'open' })}
          >
            {open ? t('video.ticket.close') : t('video.ticket.reopen')}
          </button>
        )}
        {manages && (
          <button type="button" onClick={() => setCreating(true)}>
            {t('video.create.open')}
          </button>
        )}
      </div>
      <ErrorText message={change.error} />

      <section aria-labelledby="video-conversation-title">
        <h3 id="video-conversation-title">{t('video.ticket.conversation')}</h3>
        {value.messages.length === 0 ? (
          <p className="hint">{t('video.ticket.noMessages')}</p>
        ) : (
          <ol className="video-messages" aria-live="polite" data-testid="video-messages">
            {value.messages.map((message) => (
              <li key={message.id} className={message.author.kind === 'code-user' ? 'from-code-user' : 'from-employee'}>
                <p className="video-message-meta">
                  <strong>
                    {message.author.kind === 'employee' ? message.author.name : t('video.session.codeUser')}
                  </strong>{' '}
                  <span className="hint">{formatWhen(message.createdAt, i18n.language)}</span>
                </p>
                <p className="video-message-body">{message.body}</p>
              </li>
            ))}
          </ol>
        )}
        {writes &&
          (open ? (
            <form
              className="video-form"
              onSubmit={(event) => {
                event.preventDefault();
                void send.run();
              }}
            >
              <div className="field">
                <label htmlFor={ids.message}>{t('video.ticket.message')}</label>
                <textarea
                  id={ids.message}
                  required
                  maxLength={VIDEO_MESSAGE_MAX}
                  rows={3}
                  value={draft}
                  onChange={(event) => setDraft(event.target.value)}
                />
              </div>
              <ErrorText message={send.error} />
              <button type="submit" disabled={send.busy || draft.trim() === ''}>
                {t('video.ticket.send')}
              </button>
            </form>
          ) : (
            <p className="hint">{t('video.ticket.closedHint')}</p>
          ))}
      </section>
      {creating && (
        <CreateSessionDialog
          preset={{ deviceId: value.deviceId, ticketId: value.id }}
          onClose={() => setCreating(false)}
          onCreated={(session) => go({ view: 'session', id: session.id })}
        />
      )}
    </article>
  );
}
