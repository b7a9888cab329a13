import { SCREENSHOT_IMAGE_MAX_BYTES, SCREENSHOT_SIDE_MAX } from '../../../../src-shared/video/screenshotContract';
import { toBase64 } from './shotSync';

/** JPEG qualities tried in turn until the picture fits what the endpoint keeps. */
const QUALITIES = [0.92, 0.8, 0.6, 0.4];

/**
 * The current frame of the customer's picture (a stream's video track) at its own size, as JPEG:
 * played muted in a video element of its own, so the views on screen are left as they are.
 */
export async function grabFrame(
  stream: MediaStream,
): Promise<{ type: 'image/jpeg'; width: number; height: number; image: string }> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream(stream.getVideoTracks());
  try {
    await video.play();
    if (video.videoWidth === 0) {
      await new Promise<void>((resolve) => video.addEventListener('resize', () => resolve(), { once: true }));
    }
    const scale = Math.min(1, SCREENSHOT_SIDE_MAX / Math.max(video.videoWidth, video.videoHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
    for (const quality of QUALITIES) {
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
      if (blob && blob.size <= SCREENSHOT_IMAGE_MAX_BYTES) {
        const image = toBase64(new Uint8Array(await blob.arrayBuffer()));
        return { type: 'image/jpeg', width: canvas.width, height: canvas.height, image };
      }
    }
    throw new Error('The picture is too large to keep even at low quality.');
  } finally {
    video.pause();
    video.srcObject = null;
  }
}
