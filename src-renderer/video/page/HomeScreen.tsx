import { useId, useState } from 'react';
import type { CodeUserVideoSession } from '../../../src-shared/video/sessionContract';
import { videoSessionRoutes } from '../../../src-shared/video/sessionContract';
import { PageRecordings } from '../tools/recording/PageRecordings';
import { callRoute, type PageError } from './api';
import { handleFailure, load, sessionChanged, signOut, usePageStore } from './pageStore';
import { fill, useErrorText, useTexts } from './texts';

/** The device's overview: its video sessions (request, start, cancel) and its tickets. */
export function HomeScreen() {
  const t = useTexts();
  const errorText = useErrorText();
  const { device, sessions, tickets, loadError } = usePageStore();
  return (
    <main className="vp-stack">
      <section className="vp-card vp-device" aria-labelledby="vp-device">
        <h1 id="vp-device">{device?.name ?? t.title}</h1>
        {device && <p className="vp-muted">{device.company}</p>}
        <button type="button" className="vp-link" onClick={() => signOut(false)} title={t.home.leaveHint}>
          {t.home.leave}
        </button>
      </section>
      {loadError && (
        <div className="vp-card vp-error" role="alert">
          <p>{errorText(loadError)}</p>
          <button type="button" onClick={() => void load()}>
            {t.retry}
          </button>
        </div>
      )}
      <section className="vp-card" aria-labelledby="vp-sessions">
        <h2 id="vp-sessions">{t.home.sessions}</h2>
        {sessions.length === 0 ? (
          <p className="vp-empty">{t.home.noSessions}</p>
        ) : (
          <ul className="vp-list">
            {sessions.map((session) => (
              <SessionRow key={session.id} session={session} />
            ))}
          </ul>
        )}
      </section>
      <RequestForm />
      <section className="vp-card" aria-labelledby="vp-tickets">
        <h2 id="vp-tickets">{t.home.tickets}</h2>
        {tickets.length === 0 ? (
          <p className="vp-empty">{t.home.noTickets}</p>
        ) : (
          <ul className="vp-list">
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <button
                  type="button"
                  className="vp-row"
                  aria-label={fill(t.ticket.open, { title: ticket.title })}
                  onClick={() => usePageStore.setState({ view: { kind: 'ticket', id: ticket.id } })}
                >
                  <span>{ticket.title}</span>
                  <span className={`vp-badge vp-badge-${ticket.status}`}>
                    {ticket.status === 'open' ? t.ticket.statusOpen : t.ticket.statusClosed}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <button
          type="button"
          className="vp-secondary"
          onClick={() => usePageStore.setState({ view: { kind: 'new-ticket' } })}
        >
          {t.home.newTicket}
        </button>
      </section>
    </main>
  );
}

function SessionRow({ session }: { session: CodeUserVideoSession }) {
  const t = useTexts();
  const errorText = useErrorText();
  const token = usePageStore((state) => state.token);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PageError | null>(null);
  const [showRecordings, setShowRecordings] = useState(false);
  const recordingsId = useId();
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      sessionChanged(
        await callRoute(videoSessionRoutes['video.codeUser.sessions.cancel'], { params: { id: session.id } }, token),
      );
    } catch (failure) {
      setError(handleFailure(failure));
    } finally {
      setBusy(false);
    }
  };
  const canCall = session.status === 'CONFIRMED' || session.status === 'IN_PROGRESS';
  const canCancel = session.status === 'REQUESTED' || session.status === 'CONFIRMED';
  // A call ran (or runs): it may have been recorded.
  const hadCall = session.status === 'IN_PROGRESS' || session.status === 'DONE' || session.status === 'CLOSED';
  const names = session.assignees.map((assignee) => assignee.name).join(', ');
  return (
    <li className="vp-session" data-status={session.status}>
      <p className="vp-status">{t.status[session.status]}</p>
      <p>{fill(t.session.reason, { reason: session.reason })}</p>
      {names && <p className="vp-muted">{fill(t.session.with, { names })}</p>}
      {error && (
        <p className="vp-error" role="alert">
          {errorText(error)}
        </p>
      )}
      <div className="vp-actions">
        {canCall && (
          <button
            type="button"
            className="vp-primary"
            onClick={() => usePageStore.setState({ view: { kind: 'call', sessionId: session.id } })}
          >
            {session.status === 'IN_PROGRESS' ? t.session.rejoin : t.session.start}
          </button>
        )}
        {canCancel && (
          <button type="button" className="vp-secondary" disabled={busy} onClick={() => void cancel()}>
            {busy ? t.session.cancelling : t.session.cancel}
          </button>
        )}
        {hadCall && (
          <button
            type="button"
            className="vp-secondary"
            aria-expanded={showRecordings}
            aria-controls={recordingsId}
            onClick={() => setShowRecordings(!showRecordings)}
          >
            {t.recording.list.title}
          </button>
        )}
      </div>
      <div id={recordingsId} hidden={!showRecordings}>
        {showRecordings && <PageRecordings sessionId={session.id} />}
      </div>
    </li>
  );
}

function RequestForm() {
  const t = useTexts();
  const errorText = useErrorText();
  const { token, requestsAllowed, tickets } = usePageStore();
  const [reason, setReason] = useState('');
  const [ticketId, setTicketId] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<PageError | null>(null);
  const reasonId = useId();
  const ticketSelectId = useId();
  if (!requestsAllowed) {
    return (
      <section className="vp-card" aria-labelledby="vp-request">
        <h2 id="vp-request">{t.request.heading}</h2>
        <p className="vp-notice">{t.request.notAllowed}</p>
      </section>
    );
  }
  const submit = async () => {
    setBusy(true);
    setError(null);
    setSent(false);
    try {
      const body = { reason, ...(ticketId ? { ticketId } : {}) };
      sessionChanged(await callRoute(videoSessionRoutes['video.codeUser.sessions.request'], { body }, token));
      setReason('');
      setTicketId('');
      setSent(true);
    } catch (failure) {
      const refusal = handleFailure(failure);
      // The company stopped taking requests since the list was read.
      if (refusal.code === 'video_requests_not_allowed') usePageStore.setState({ requestsAllowed: false });
      setError(refusal);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="vp-card" aria-labelledby="vp-request">
      <h2 id="vp-request">{t.request.heading}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label htmlFor={reasonId}>{t.request.reason}</label>
        <textarea
          id={reasonId}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={1000}
          rows={3}
          required
        />
        <label htmlFor={ticketSelectId}>{t.request.ticket}</label>
        <select id={ticketSelectId} value={ticketId} onChange={(event) => setTicketId(event.target.value)}>
          <option value="">{t.request.noTicket}</option>
          {tickets
            .filter((ticket) => ticket.status === 'open')
            .map((ticket) => (
              <option key={ticket.id} value={ticket.id}>
                {ticket.title}
              </option>
            ))}
        </select>
        {error && (
          <p className="vp-error" role="alert">
            {errorText(error)}
          </p>
        )}
        {sent && (
          <p className="vp-notice" role="status">
            {t.request.sent}
          </p>
        )}
        <button type="submit" className="vp-primary" disabled={busy || reason.trim() === ''}>
          {busy ? t.request.sending : t.request.submit}
        </button>
      </form>
    </section>
  );
}
