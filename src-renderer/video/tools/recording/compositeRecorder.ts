import { paintTools } from '../paint';
import { pictureRect } from '../pictureGeometry';

/** Where each chunk goes, in order (the desktop core writes it to disk as it comes). */
export interface RecordingSink {
  chunk(seq: number, data: Blob): Promise<void>;
}

/** The composite's size: 720p, the customer's picture letterboxed into it. */
const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 30;
/** A chunk a second: what a crash can lose at most. */
export const CHUNK_MS = 1000;
/** VP9 with Opus where the browser encodes it, VP8 otherwise. */
const MIME_TYPES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm'];

export const recordingMimeType = (): string | null =>
  MIME_TYPES.find((type) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(type)) ?? null;

/**
 * VS-6: the employee's recording of a call — a canvas with the customer's picture large, the
 * employee's camera inset (while on) and the drawings and tracked highlight over the picture
 * (`paintTools`, as the overlays paint them), its `captureStream` with both sides' sound mixed by
 * WebAudio, encoded by MediaRecorder into WebM, a chunk each second handed to the sink in order.
 */
export class CompositeRecorder {
  readonly #canvas = document.createElement('canvas');
  readonly #remote = document.createElement('video');
  readonly #local = document.createElement('video');
  readonly #audio = new AudioContext();
  readonly #mix = this.#audio.createMediaStreamDestination();
  readonly #recorder: MediaRecorder;
  #timer: ReturnType<typeof setInterval> | null = null;
  #seq = 0;
  #writes: Promise<void> = Promise.resolve();
  #failure: unknown = null;
  readonly #sources = new Map<string, MediaStreamAudioSourceNode>();

  constructor(
    private readonly sink: RecordingSink,
    mimeType: string,
  ) {
    this.#canvas.width = WIDTH;
    this.#canvas.height = HEIGHT;
    for (const video of [this.#remote, this.#local]) {
      video.muted = true;
      video.playsInline = true;
    }
    const stream = new MediaStream([
      ...this.#canvas.captureStream(FPS).getVideoTracks(),
      ...this.#mix.stream.getAudioTracks(),
    ]);
    this.#recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 2_500_000 });
    this.#recorder.ondataavailable = (event) => {
      if (event.data.size === 0) return;
      const seq = this.#seq++;
      this.#writes = this.#writes.then(() =>
        this.sink.chunk(seq, event.data).catch((error: unknown) => {
          this.#failure ??= error;
        }),
      );
    };
  }

  /** The call's streams now (they change as cameras turn on and off, or the other side rejoins). */
  setStreams(remote: MediaStream | null, local: MediaStream | null): void {
    if (this.#remote.srcObject !== remote) {
      this.#remote.srcObject = remote;
      if (remote) void this.#remote.play().catch(() => undefined);
    }
    if (this.#local.srcObject !== local) {
      this.#local.srcObject = local;
      if (local) void this.#local.play().catch(() => undefined);
    }
    const tracks = [...(remote?.getAudioTracks() ?? []), ...(local?.getAudioTracks() ?? [])];
    for (const track of tracks) {
      if (this.#sources.has(track.id)) continue;
      const source = this.#audio.createMediaStreamSource(new MediaStream([track]));
      source.connect(this.#mix);
      this.#sources.set(track.id, source);
    }
  }

  start(): void {
    this.#paint();
    // A timer, not animation frames: those stop when the window is hidden, the recording must not.
    this.#timer = setInterval(() => this.#paint(), 1000 / FPS);
    this.#recorder.start(CHUNK_MS);
  }

  /** Stops; resolves once the last chunk reached the sink (rejects with the first chunk that did not). */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#recorder.state !== 'inactive') {
      const stopped = new Promise<void>((resolve) => this.#recorder.addEventListener('stop', () => resolve()));
      this.#recorder.stop();
      await stopped;
    }
    await this.#writes;
    for (const video of [this.#remote, this.#local]) video.srcObject = null;
    await this.#audio.close().catch(() => undefined);
    if (this.#failure) throw this.#failure;
  }

  #paint(): void {
    const ctx = this.#canvas.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    const remote = pictureRect(
      { width: WIDTH, height: HEIGHT },
      { width: this.#remote.videoWidth, height: this.#remote.videoHeight },
    );
    if (remote) {
      ctx.drawImage(this.#remote, remote.x, remote.y, remote.width, remote.height);
      paintTools(ctx, remote, performance.now());
    }
    const local = this.#local.srcObject
      ? pictureRect(
          { width: WIDTH / 4, height: HEIGHT / 4 },
          { width: this.#local.videoWidth, height: this.#local.videoHeight },
        )
      : null;
    if (local) {
      const x = WIDTH - local.width - 16;
      const y = HEIGHT - local.height - 16;
      ctx.drawImage(this.#local, x, y, local.width, local.height);
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2;
      ctx.strokeRect(x, y, local.width, local.height);
    }
  }
}

/** A chunk as the IPC carries it (JSON: base64). */
export async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
