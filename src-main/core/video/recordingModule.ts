import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import { LocalRecordings } from './recordings';

/**
 * VS-6: the employee's recorder in the desktop core (`videoRecording.*`): the window's chunks to
 * disk as they come, the file made seekable and hashed at the end, the resumable upload after the
 * call — and, at start, what an earlier run left (finished as far as it got, uploaded when signed in).
 */
export function recordingModule(
  services: Pick<CoreServices, 'cloud' | 'account' | 'events' | 'log'> & {
    dataDir: string;
    uploadChunkBytes?: number | undefined;
  },
): CoreModule<
  | 'videoRecording.begin'
  | 'videoRecording.chunk'
  | 'videoRecording.finish'
  | 'videoRecording.upload'
  | 'videoRecording.list'
> {
  const recordings = new LocalRecordings(services.dataDir, services);
  return {
    handlers: {
      'videoRecording.begin': async ({ recordingId, sessionId }) => {
        await recordings.begin(recordingId, sessionId);
        return {};
      },
      'videoRecording.chunk': async ({ recordingId, seq, data }) => {
        await recordings.chunk(recordingId, seq, Buffer.from(data, 'base64'));
        return {};
      },
      'videoRecording.finish': ({ recordingId }) => recordings.finish(recordingId),
      'videoRecording.upload': async () => {
        await recordings.uploadAll();
        return {};
      },
      'videoRecording.list': () => recordings.list(),
    },
    start: () => {
      void recordings
        .uploadAll()
        .catch((error: unknown) =>
          services.log.warn({ err: error }, 'the recordings an earlier run left could not be read'),
        );
    },
  };
}
