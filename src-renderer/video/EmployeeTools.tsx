import { useTranslation } from 'react-i18next';
import type { VideoCall } from './call/videoCall';
import { ToolsStage, type ToolsTexts } from './tools/ToolsStage';
import { createTrackerClient } from './tools/tracking/trackerClient';

/**
 * The employee's view of the customer's picture with the call's tools (VS-6): drawing, mirroring
 * and tracking, in the app's texts.
 */
export function EmployeeTools({
  call,
  stream,
  label,
}: {
  call: VideoCall;
  stream: MediaStream | null;
  label: string;
}): React.JSX.Element {
  const { t } = useTranslation();
  const key = (name: keyof ToolsTexts) => t(`video.tools.${name}`);
  const texts: ToolsTexts = {
    toolbar: key('toolbar'),
    pen: key('pen'),
    arrow: key('arrow'),
    circle: key('circle'),
    surface: key('surface'),
    keyboardHint: key('keyboardHint'),
    mirror: key('mirror'),
    track: key('track'),
    trackHint: key('trackHint'),
    stopTracking: key('stopTracking'),
    lost: key('lost'),
    trackFailed: key('trackFailed'),
  };
  return (
    <ToolsStage
      call={call}
      stream={stream}
      videoLabel={label}
      muted={false}
      texts={texts}
      className="video-call-tools"
      createTracker={createTrackerClient}
    />
  );
}
