import type { TrackedCorners, TrackTemplate } from '../../../src-shared/video/tools';
import { setHighlight, toolsStore } from './toolsStore';
import type { TrackerClient } from './tracking/trackerClient';

/**
 * Tracking in one call: the engine (OpenCV in a worker, megabytes to load) starts only when an
 * object is first chosen or followed; its results move the highlight in the tools store, keeping
 * the last place while the object is lost.
 */
export class TrackingSession {
  readonly #create: (() => TrackerClient) | undefined;
  #client: TrackerClient | null = null;
  readonly #onFailure: () => void;
  #unsubscribe: (() => void)[] = [];

  /** `onFailure`: tracking cannot run here (the engine did not start, or failed on a frame). */
  constructor(create: (() => TrackerClient) | undefined, onFailure: () => void) {
    this.#create = create;
    this.#onFailure = onFailure;
  }

  get available(): boolean {
    return this.#create !== undefined;
  }

  /** This side chose the object: tracks it, and resolves with the template to send. */
  select(video: HTMLVideoElement, corners: TrackedCorners): Promise<TrackTemplate> {
    return this.#engine().select(video, corners);
  }

  /** The other side chose the object: finds it in this side's frames. */
  follow(video: HTMLVideoElement, template: TrackTemplate, corners: TrackedCorners): void {
    this.#engine().follow(video, template, corners);
  }

  stop(): void {
    this.#client?.stop();
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#client?.dispose();
    this.#client = null;
    this.#unsubscribe = [];
  }

  #engine(): TrackerClient {
    if (this.#client) return this.#client;
    if (!this.#create) throw new Error('Tracking is not offered here');
    const client = this.#create();
    this.#client = client;
    this.#unsubscribe = [
      client.subscribe(({ corners, lost }) => {
        const current = toolsStore.getState().highlight;
        if (current) setHighlight({ ...current, corners: corners ?? current.corners, lost });
      }),
      client.onFailure(() => this.#onFailure()),
    ];
    return client;
  }
}
