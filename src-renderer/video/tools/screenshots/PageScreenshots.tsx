import { useMemo } from 'react';
import { screenshotRoutes as routes } from '../../../../src-shared/video/screenshotContract';
import type { VideoCall } from '../../call/videoCall';
import { callRoute, pageError } from '../../page/api';
import { usePageStore } from '../../page/pageStore';
import { useErrorText, useLanguage, useTexts } from '../../page/texts';
import { CallScreenshots } from './CallScreenshots';
import type { ScreenshotApi } from './shotSync';

/** A session's screenshots through the code user's own routes, with their token. */
const codeUserApi = (token: string | null, id: string): ScreenshotApi => ({
  list: async () => (await callRoute(routes['video.codeUser.screenshots.list'], { params: { id } }, token)).screenshots,
  take: (picture) => callRoute(routes['video.codeUser.screenshots.take'], { params: { id }, body: picture }, token),
  get: (screenshotId) => callRoute(routes['video.codeUser.screenshots.get'], { params: { id, screenshotId } }, token),
  save: (screenshotId, update) =>
    callRoute(routes['video.codeUser.screenshots.save'], { params: { id, screenshotId }, body: { update } }, token),
});

/** Screenshots in the code user's call (`page/CallScreen.tsx`): the page's texts, routes and error catalogue. */
export function PageCallScreenshots({ call, sessionId }: { call: VideoCall; sessionId: string }) {
  const t = useTexts();
  const errorText = useErrorText();
  const language = useLanguage((state) => state.language);
  const token = usePageStore((state) => state.token);
  const api = useMemo(() => codeUserApi(token, sessionId), [token, sessionId]);
  return (
    <CallScreenshots
      call={call}
      api={api}
      role="code-user"
      texts={t.screenshots}
      language={language}
      describeError={(error) => errorText(pageError(error))}
    />
  );
}
