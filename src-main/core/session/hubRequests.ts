import { TandemError } from '../../../src-shared/errors';
import type { ServerMessage } from '../../../src-shared/signaling/protocol';
import type { SignalingClient } from '../signaling/signalingClient';

const HUB_REPLY_TIMEOUT_MS = 10_000;

/**
 * Hub requests that expect one reply (creating and looking up session codes). The hub's replies
 * carry no request id, so only one request is in flight at a time and the next waits its turn.
 */
export class HubRequests {
  #waiter: { accept(message: ServerMessage): boolean } | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly signaling: SignalingClient) {}

  /** True when the message answered the request in flight and needs no other handling. */
  accept(message: ServerMessage): boolean {
    return this.#waiter?.accept(message) ?? false;
  }

  /** Sends `request` and resolves with the first message `pick` matches; hub errors reject it. */
  ask<T>(request: Parameters<SignalingClient['send']>[0], pick: (message: ServerMessage) => T | null): Promise<T> {
    const ask = () =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.#waiter = null;
          reject(new TandemError('cloud_unreachable', 'The cloud endpoint did not answer in time.'));
        }, HUB_REPLY_TIMEOUT_MS);
        this.#waiter = {
          accept: (message) => {
            const picked = pick(message);
            const error = message.type === 'error' && !message.requestId ? message : null;
            if (picked === null && !error) return false;
            clearTimeout(timer);
            this.#waiter = null;
            if (picked !== null) resolve(picked);
            // Every hub refusal is in the one catalogue: the user reads its own sentence (a
            // mistyped code, an expired one, the wait when rate-limited).
            else
              reject(new TandemError(error!.code, `${error!.code}: ${error!.message}`, undefined, error!.retryAfterMs));
            return true;
          },
        };
        this.signaling.send(request);
      });
    const result = this.#queue.then(ask, ask);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
