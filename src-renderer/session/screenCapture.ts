/**
 * How the host's window captures a screen (RS-5). Both ask for the same picture: readable text
 * at up to 1920 × 1080, as many frames as the screen gives up to 60 a second (the encoder keeps
 * the resolution and lets the frame rate give way when it cannot keep up).
 */

/** The browser's picker (browser mode, a user gesture), or in Electron the monitor the core chose. */
export function captureScreen(): Promise<MediaStream> {
  return navigator.mediaDevices.getDisplayMedia({
    video: { frameRate: { ideal: 60 }, width: { ideal: 1920 }, height: { ideal: 1080 } },
    audio: false,
  });
}

/**
 * Electron only: one monitor by its desktopCapturer id, as the supporter switches to it — without
 * a new user gesture. Chromium's desktop source constraints are not in the DOM's types.
 */
export function captureSource(id: string): Promise<MediaStream> {
  const constraints = {
    audio: false,
    video: {
      mandatory: {
        chromeMediaSource: 'desktop',
        chromeMediaSourceId: id,
        maxWidth: 1920,
        maxHeight: 1080,
        maxFrameRate: 60,
      },
    },
  };
  return navigator.mediaDevices.getUserMedia(constraints as unknown as MediaStreamConstraints);
}
