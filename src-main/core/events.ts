import { ipcEvents, type EventName, type EventPayload } from '../../src-shared/ipc/contract';

export type CoreEventListener = (event: EventName, payload: unknown) => void;

/** The core's outgoing events, checked against the contract before any transport sees them. */
export class CoreEvents {
  readonly #listeners = new Set<CoreEventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = ipcEvents[event].parse(payload);
    for (const listener of this.#listeners) listener(event, checked);
  }

  subscribe(listener: CoreEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
