import type { VideoSessionDetails } from '../../src-shared/video/sessionContract';

/**
 * Where the session details view opens the call (VS-5): the call module (`./call/`, issue 16
 * item 6) plugs in here as `CallView`. Until it is in this build there is no *Start call* button,
 * rather than one that does nothing.
 */
export type CallViewProps = { session: VideoSessionDetails; onClose(): void };
export const CallView: ((props: CallViewProps) => React.JSX.Element) | null = null;
