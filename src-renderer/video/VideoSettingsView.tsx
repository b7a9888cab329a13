import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VIDEO_REVIEW_HOURS, videoSettingsSchema, type VideoSettings } from '../../src-shared/video/sessionContract';
import { STROKE_TTL_MS } from '../../src-shared/video/tools';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { LoadError, Loading, useLoad } from './videoParts';

/** The company's rules (`video.manage`): which devices' code users may request sessions (VS-2), and the review period (VS-4). */
export function VideoSettingsView(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client);
  const fetchSettings = useCallback(() => client!.invoke('video.settings.get', {}), [client]);
  const { loaded: settings, reload: load } = useLoad(fetchSettings);
  if (settings.state === 'loading') return <Loading label={t('video.settings.loading')} />;
  if (settings.state === 'error')
    return <LoadError error={settings.error} what={t('video.settings.error')} onRetry={load} />;
  return <SettingsForm initial={settings.value} />;
}

function SettingsForm({ initial }: { initial: VideoSettings }): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client)!;
  const [requests, setRequests] = useState(initial.requests);
  const [groups, setGroups] = useState(initial.requestGroups.join('\n'));
  const [hours, setHours] = useState(String(initial.reviewHours));
  const [fade, setFade] = useState(String(initial.strokeTtlMs / 1000));
  const [saved, setSaved] = useState(false);
  const ids = { groups: useId(), hours: useId(), groupsHint: useId(), fade: useId() };
  const save = useAction(async () => {
    setSaved(false);
    const requestGroups = [
      ...new Set(
        groups
          .split(/[\n,]/)
          .map((group) => group.trim())
          .filter(Boolean),
      ),
    ];
    const stored = await client.invoke('video.settings.put', {
      body: { requests, requestGroups, reviewHours: Number(hours), strokeTtlMs: Math.round(Number(fade) * 1000) },
    });
    setRequests(stored.requests);
    setGroups(stored.requestGroups.join('\n'));
    setHours(String(stored.reviewHours));
    setFade(String(stored.strokeTtlMs / 1000));
    setSaved(true);
  });
  return (
    <form
      className="video-form video-settings"
      aria-label={t('video.settings.title')}
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      <fieldset>
        <legend>{t('video.settings.requests')}</legend>
        {videoSettingsSchema.shape.requests.options.map((choice) => (
          <label key={choice} className="check">
            <input
              type="radio"
              name="video-requests"
              value={choice}
              checked={requests === choice}
              onChange={() => {
                setSaved(false);
                setRequests(choice);
              }}
            />
            {t(`video.settings.requestChoices.${choice}`)}
          </label>
        ))}
      </fieldset>
      {requests === 'groups' && (
        <div className="field">
          <label htmlFor={ids.groups}>{t('video.settings.groups')}</label>
          <textarea
            id={ids.groups}
            rows={3}
            aria-describedby={ids.groupsHint}
            value={groups}
            onChange={(event) => setGroups(event.target.value)}
          />
          <p id={ids.groupsHint} className="hint">
            {t('video.settings.groupsHint')}
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.hours}>{t('video.settings.reviewHours')}</label>
        <input
          id={ids.hours}
          type="number"
          required
          min={VIDEO_REVIEW_HOURS.min}
          max={VIDEO_REVIEW_HOURS.max}
          value={hours}
          onChange={(event) => setHours(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.fade}>{t('video.settings.strokeSeconds')}</label>
        <input
          id={ids.fade}
          type="number"
          required
          step={0.5}
          min={STROKE_TTL_MS.min / 1000}
          max={STROKE_TTL_MS.max / 1000}
          value={fade}
          onChange={(event) => setFade(event.target.value)}
        />
      </div>
      <ErrorText message={save.error} />
      <button type="submit" disabled={save.busy}>
        {t('video.save')}
      </button>
      <span className="note" role="status">
        {saved ? t('video.saved') : ''}
      </span>
    </form>
  );
}
