import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { VideoPerson, VideoSessionActor, VideoSessionDetails } from '../../src-shared/video/sessionContract';
import { videoEventsFor, type VideoEvent } from '../../src-shared/video/status';
import { CheckboxGroup } from '../shell/CheckboxGroup';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { EmployeeCall } from './EmployeeCall';
import { SessionScreenshotsSection } from './tools/screenshots/AppScreenshots';
import { RecordingsSection } from './tools/recording/RecordingsSection';
import { formatWhen, LoadError, Loading, StatusBadge, useVideoFrames, useVideoUser, useLoad } from './videoParts';
import { useVideoStore, type CallAccess } from './videoStore';

/** The actions an employee takes here; `start` and `end` are the call's own. */
const ACTIONS = ['confirm', 'cancel', 'close', 'reopen'] as const;
type Action = (typeof ACTIONS)[number];
const isAction = (event: VideoEvent): event is Action => (ACTIONS as readonly VideoEvent[]).includes(event);

/**
 * One video session (VS-4, VS-7): device, reason, linked ticket, participants, every change with
 * who made it and when, the actions the status machine allows (disabled, saying why, for someone
 * not assigned), the assignees (changed by `video.manage`) and *Start call*.
 */
export function SessionDetails({ id }: { id: string }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useAppStore((state) => state.client);
  const go = useVideoStore((state) => state.go);
  const dismiss = useVideoStore((state) => state.dismiss);
  const { userId, views, manages, conducts } = useVideoUser();
  const [calling, setCalling] = useState<CallAccess | null>(null);
  const callAccess = useVideoStore((state) => state.callAccess);
  const fetchSession = useCallback(() => client!.invoke('video.sessions.get', { params: { id } }), [client, id]);
  const { loaded: session, reload: load, update } = useLoad(fetchSession);
  // Opened: the notice of this request has done its work.
  useEffect(() => dismiss(id), [dismiss, id]);
  // A change elsewhere (the code user cancelled, a colleague confirmed, the call started) shows at once.
  useVideoFrames((frame) => {
    if ((frame.type === 'session' || frame.type === 'requested') && frame.session.id === id) load();
  });

  const act = useAction(async (event: VideoEvent) => {
    const next = await client!.invoke('video.sessions.act', { params: { id }, body: { event } });
    update(() => next);
  });

  if (session.state === 'loading') return <Loading label={t('video.session.loading')} />;
  if (session.state === 'error') {
    return session.error?.code === 'not_found' ? (
      <div className="empty-state" role="alert">
        <h2>{t('video.session.goneTitle')}</h2>
        <p>{t('video.session.goneBody')}</p>
      </div>
    ) : (
      <LoadError error={session.error} what={t('video.session.error')} onRetry={load} />
    );
  }
  const value = session.value;
  const assigned = value.assignees.some((person) => person.userId === userId);
  // A request for a device without assignees: any employee with video.conduct may take it.
  const mayAct = assigned || (value.assignees.length === 0 && value.status === 'REQUESTED' && conducts);
  const events = videoEventsFor(value.status, 'employee').filter(isAction);
  const callable = callAccess !== null && (value.status === 'CONFIRMED' || value.status === 'IN_PROGRESS');
  const notAssignedId = `video-not-assigned-${value.id}`;

  return (
    <article className="video-details" aria-labelledby="video-session-title">
      <h2 id="video-session-title">
        {t('video.session.title', { device: value.deviceName })} <StatusBadge status={value.status} />
      </h2>
      <dl className="video-facts">
        <dt>{t('video.session.device')}</dt>
        <dd>
          {manages ? (
            <button type="button" className="link" onClick={() => go({ view: 'device', id: value.deviceId })}>
              {value.deviceName}
            </button>
          ) : (
            value.deviceName
          )}
          {value.customer && <span className="hint"> · {value.customer}</span>}
        </dd>
        <dt>{t('video.session.reason')}</dt>
        <dd className="video-reason">{value.reason}</dd>
        <dt>{t('video.session.ticket')}</dt>
        <dd>
          {value.ticket === null ? (
            t('video.session.noTicket')
          ) : views ? (
            <button type="button" className="link" onClick={() => go({ view: 'ticket', id: value.ticket!.id })}>
              {value.ticket.title}
            </button>
          ) : (
            value.ticket.title
          )}
        </dd>
        <dt>{t('video.session.origin')}</dt>
        <dd>{t(`video.session.origins.${value.origin}`)}</dd>
        <dt>{t('video.session.participants')}</dt>
        <dd>
          {value.assignees.length > 0
            ? value.assignees.map((person) => person.name).join(', ')
            : t('video.sessions.anyConductor')}
          {' · '}
          {t('video.session.codeUser')}
        </dd>
        <dt>{t('video.session.calls')}</dt>
        <dd>{value.calls}</dd>
      </dl>

      <div className="video-actions" role="group" aria-label={t('video.actions')}>
        {events.map((event) => (
          <button
            key={event}
            type="button"
            className={event === 'cancel' ? 'danger' : event === 'confirm' ? '' : 'secondary'}
            disabled={!mayAct || act.busy}
            aria-describedby={mayAct ? undefined : notAssignedId}
            onClick={() => void act.run(event)}
          >
            {t(`video.session.events.${event}`)}
          </button>
        ))}
        {callable && !calling && (
          <button
            type="button"
            disabled={!assigned}
            aria-describedby={assigned ? undefined : notAssignedId}
            onClick={() => setCalling(callAccess?.() ?? null)}
          >
            {t('video.session.startCall')}
          </button>
        )}
        {!mayAct && (events.length > 0 || callable) && (
          <p id={notAssignedId} className="hint">
            {t('video.session.notAssigned')}
          </p>
        )}
      </div>
      <ErrorText message={act.error} />
      {calling && <EmployeeCall sessionId={value.id} access={calling} onClose={() => setCalling(null)} />}

      {manages && value.status !== 'CLOSED' && value.status !== 'CANCELLED' && (
        <AssigneesEditor session={value} onSaved={(next) => update(() => next)} />
      )}

      <SessionScreenshotsSection sessionId={value.id} version={value.updatedAt} />
      <RecordingsSection sessionId={value.id} />

      <section aria-labelledby="video-history-title" className="video-history">
        <h3 id="video-history-title">{t('video.session.history')}</h3>
        <ol>
          {value.history.map((change, index) => (
            <li key={index}>
              <span className="video-history-when">{formatWhen(change.at, i18n.language)}</span>{' '}
              {t(`video.session.changes.${change.event}`)} → <StatusBadge status={change.to} />{' '}
              <span className="hint">{t('video.session.by', { actor: actorName(t, change.actor) })}</span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function actorName(t: TFunction, actor: VideoSessionActor): string {
  return actor.kind === 'employee'
    ? actor.name
    : actor.kind === 'code-user'
      ? t('video.session.codeUser')
      : t('video.session.system');
}

function AssigneesEditor({
  session,
  onSaved,
}: {
  session: VideoSessionDetails;
  onSaved(session: VideoSessionDetails): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client)!;
  const [employees, setEmployees] = useState<VideoPerson[] | null>(null);
  const [chosen, setChosen] = useState(session.assignees.map((person) => person.userId));
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void client.invoke('video.employees.list', {}).then(
      ({ employees }) => setEmployees(employees),
      () => setEmployees([]),
    );
  }, [client]);
  const save = useAction(async () => {
    setSaved(false);
    onSaved(
      await client.invoke('video.sessions.assign', { params: { id: session.id }, body: { assigneeIds: chosen } }),
    );
    setSaved(true);
  });
  if (employees === null) return <Loading label={t('video.session.assigneesLoading')} />;
  // Someone assigned who since lost video.conduct stays listed, so taking them off is possible.
  const people = [
    ...employees,
    ...session.assignees.filter((person) => !employees.some((e) => e.userId === person.userId)),
  ];
  return (
    <form
      className="video-form video-assignees"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      <CheckboxGroup
        legend={t('video.session.assignees')}
        options={people.map((person) => person.userId)}
        chosen={chosen}
        onChange={(next) => {
          setSaved(false);
          setChosen(next);
        }}
        label={(id) => people.find((person) => person.userId === id)?.name ?? id}
      />
      <ErrorText message={save.error} />
      <button type="submit" className="secondary" disabled={save.busy || chosen.length === 0}>
        {t('video.session.saveAssignees')}
      </button>
      <span className="note" role="status">
        {saved ? t('video.saved') : ''}
      </span>
    </form>
  );
}
