import { useEffect, useId, useState } from 'react';
import {
  videoTicketMessageSchema,
  videoTicketRoutes,
  type VideoTicketMessage,
} from '../../../src-shared/video/ticketContract';
import { callRoute, type PageError } from './api';
import { handleFailure, messageListeners, ticketChanged, usePageStore, type CodeUserTicket } from './pageStore';
import { useErrorText, useTexts } from './texts';

const back = () => usePageStore.setState({ view: { kind: 'home' } });

/** One ticket's conversation, new messages live; the code user writes to the company. */
export function TicketScreen({ id }: { id: string }) {
  const t = useTexts();
  const errorText = useErrorText();
  const token = usePageStore((state) => state.token);
  const [thread, setThread] = useState<(CodeUserTicket & { messages: VideoTicketMessage[] }) | null>(null);
  const [error, setError] = useState<PageError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const messageId = useId();

  useEffect(() => {
    let current = true;
    callRoute(videoTicketRoutes['video.codeUser.tickets.get'], { params: { id } }, token)
      .then((read) => current && setThread(read))
      .catch((failure: unknown) => current && setError(handleFailure(failure)));
    const listener = (ticketId: string, message: unknown) => {
      const parsed = videoTicketMessageSchema.safeParse(message);
      if (ticketId !== id || !parsed.success) return;
      setThread((before) =>
        before && !before.messages.some((known) => known.id === parsed.data.id)
          ? { ...before, messages: [...before.messages, parsed.data] }
          : before,
      );
    };
    messageListeners.add(listener);
    return () => {
      current = false;
      messageListeners.delete(listener);
    };
  }, [id, token, attempt]);

  const send = async () => {
    setSending(true);
    setError(null);
    try {
      const message = await callRoute(
        videoTicketRoutes['video.codeUser.tickets.post'],
        { params: { id }, body: { body: text } },
        token,
      );
      setThread((before) =>
        before && !before.messages.some((known) => known.id === message.id)
          ? { ...before, messages: [...before.messages, message] }
          : before,
      );
      setText('');
    } catch (failure) {
      setError(handleFailure(failure));
    } finally {
      setSending(false);
    }
  };

  return (
    <main className="vp-stack">
      <button type="button" className="vp-link" onClick={back}>
        ← {t.ticket.back}
      </button>
      {!thread && !error && (
        <p className="vp-card" role="status">
          {t.loading}
        </p>
      )}
      {error && (
        <div className="vp-card vp-error" role="alert">
          <p>{errorText(error)}</p>
          {!thread && (
            <button
              type="button"
              onClick={() => {
                setError(null);
                setAttempt((n) => n + 1);
              }}
            >
              {t.retry}
            </button>
          )}
        </div>
      )}
      {thread && (
        <section className="vp-card" aria-labelledby="vp-ticket-title">
          <h1 id="vp-ticket-title">{thread.title}</h1>
          <p className={`vp-badge vp-badge-${thread.status}`}>
            {thread.status === 'open' ? t.ticket.statusOpen : t.ticket.statusClosed}
          </p>
          {thread.messages.length === 0 ? (
            <p className="vp-empty">{t.ticket.empty}</p>
          ) : (
            <ol className="vp-thread">
              {thread.messages.map((message) => (
                <li key={message.id} className={message.author.kind === 'code-user' ? 'vp-mine' : 'vp-theirs'}>
                  <p className="vp-author">
                    {message.author.kind === 'code-user'
                      ? t.ticket.you
                      : 'name' in message.author
                        ? message.author.name
                        : t.ticket.company}
                  </p>
                  <p>{message.body}</p>
                </li>
              ))}
            </ol>
          )}
          {thread.status === 'closed' ? (
            <p className="vp-notice">{t.ticket.closed}</p>
          ) : (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void send();
              }}
            >
              <label htmlFor={messageId}>{t.ticket.message}</label>
              <textarea
                id={messageId}
                value={text}
                onChange={(event) => setText(event.target.value)}
                rows={3}
                required
              />
              <button type="submit" className="vp-primary" disabled={sending || text.trim() === ''}>
                {t.ticket.send}
              </button>
            </form>
          )}
        </section>
      )}
    </main>
  );
}

/** A new ticket with its first message. */
export function NewTicketScreen() {
  const t = useTexts();
  const errorText = useErrorText();
  const token = usePageStore((state) => state.token);
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PageError | null>(null);
  const titleId = useId();
  const messageId = useId();
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const thread = await callRoute(
        videoTicketRoutes['video.codeUser.tickets.create'],
        { body: { title, message } },
        token,
      );
      ticketChanged(thread);
      usePageStore.setState({ view: { kind: 'ticket', id: thread.id } });
    } catch (failure) {
      setError(handleFailure(failure));
      setBusy(false);
    }
  };
  return (
    <main className="vp-stack">
      <button type="button" className="vp-link" onClick={back}>
        ← {t.ticket.back}
      </button>
      <section className="vp-card" aria-labelledby="vp-new-ticket">
        <h1 id="vp-new-ticket">{t.home.newTicket}</h1>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void create();
          }}
        >
          <label htmlFor={titleId}>{t.ticket.titleLabel}</label>
          <input
            id={titleId}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            maxLength={200}
            required
          />
          <label htmlFor={messageId}>{t.ticket.first}</label>
          <textarea
            id={messageId}
            value={message}
            onChange={(event) => setMessage(event.target.value)}
            rows={4}
            required
          />
          {error && (
            <p className="vp-error" role="alert">
              {errorText(error)}
            </p>
          )}
          <button type="submit" className="vp-primary" disabled={busy || !title.trim() || !message.trim()}>
            {t.ticket.create}
          </button>
        </form>
      </section>
    </main>
  );
}
