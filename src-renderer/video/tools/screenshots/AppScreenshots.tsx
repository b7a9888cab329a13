import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TandemClient } from '../../../../src-shared/ipc/client';
import { TandemError } from '../../../../src-shared/errors';
import { errorMessage } from '../../../shell/useAction';
import { useAppStore } from '../../../store/appStore';
import type { VideoCall } from '../../call/videoCall';
import { CallScreenshots } from './CallScreenshots';
import type { ShotProps } from './OpenShot';
import { SessionScreenshots } from './SessionScreenshots';
import type { ScreenshotApi } from './shotSync';

/** A session's screenshots through the app's endpoint channels (the desktop core, or the web console's transport). */
const channelApi = (client: TandemClient, id: string): ScreenshotApi => ({
  list: async () => (await client.invoke('video.screenshots.list', { params: { id } })).screenshots,
  take: (picture) => client.invoke('video.screenshots.take', { params: { id }, body: picture }),
  get: (screenshotId) => client.invoke('video.screenshots.get', { params: { id, screenshotId } }),
  save: (screenshotId, update) =>
    client.invoke('video.screenshots.save', { params: { id, screenshotId }, body: { update } }),
});

/** The employee's side: the app's texts, channels and error catalogue. */
function useEmployeeShotProps(sessionId: string): ShotProps {
  const { t, i18n } = useTranslation();
  const client = useAppStore((state) => state.client)!;
  const api = useMemo(() => channelApi(client, sessionId), [client, sessionId]);
  return {
    api,
    role: 'employee',
    texts: t('video.screenshots', { returnObjects: true }),
    language: i18n.language,
    describeError: (error) => errorMessage(t, error instanceof TandemError ? error : null),
  };
}

/** Screenshots in the employee's call (`EmployeeCall.tsx`). */
export function EmployeeCallScreenshots({ call, sessionId }: { call: VideoCall; sessionId: string }) {
  return <CallScreenshots {...useEmployeeShotProps(sessionId)} call={call} />;
}

/** The session's screenshots in its details view (`SessionDetails.tsx`). */
export function SessionScreenshotsSection({ sessionId, version }: { sessionId: string; version: string }) {
  return <SessionScreenshots {...useEmployeeShotProps(sessionId)} version={version} />;
}
