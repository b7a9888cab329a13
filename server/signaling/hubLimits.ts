import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { SIGNAL_MAX_MESSAGE_CHARS } from '../../src-shared/signaling/protocol';
import type { SharedLimiter, SharedState } from '../shared/sharedState';

/**
 * The hub's rate limits: connection requests and session codes per network source and per device,
 * and each socket's message budget. A refused `consume` throws `RateLimiterRes` (the hub answers
 * `rate_limited` with the wait); the budget shapes a socket instead of refusing it.
 * The limits are counted across instances where the shared state is; a socket's budget is its
 * own instance's (the socket is only ever there).
 */
export class HubLimits {
  readonly #connectPerSource: SharedLimiter;
  readonly #connectPerDevice: SharedLimiter;
  readonly #codeLookups: SharedLimiter;
  readonly #codeCreatesPerDevice: SharedLimiter;
  readonly #codeCreatesPerSource: SharedLimiter;
  /**
   * Per socket, 1 point per message plus 1 per KiB: a session's burst (an SDP and a score of ICE
   * candidates) fits with room to spare; a flood is slowed down to this pace, not answered faster.
   */
  readonly #budgetPerSocket = new RateLimiterMemory({ points: 200, duration: 1 });

  constructor(shared: SharedState) {
    this.#connectPerSource = shared.limiter('hub-connect-source', { points: 30, duration: 60 });
    this.#connectPerDevice = shared.limiter('hub-connect-device', { points: 30, duration: 60 });
    this.#codeLookups = shared.limiter('hub-code-lookup-source', { points: 30, duration: 60 });
    this.#codeCreatesPerDevice = shared.limiter('hub-code-create-device', { points: 10, duration: 60 });
    this.#codeCreatesPerSource = shared.limiter('hub-code-create-source', { points: 30, duration: 60 });
  }

  async connect(source: string, deviceId: string): Promise<void> {
    await this.#connectPerSource.consume(source);
    await this.#connectPerDevice.consume(deviceId);
  }

  async codeCreate(source: string, deviceId: string): Promise<void> {
    await this.#codeCreatesPerSource.consume(source);
    await this.#codeCreatesPerDevice.consume(deviceId);
  }

  async codeLookup(source: string): Promise<void> {
    await this.#codeLookups.consume(source);
  }

  /**
   * Waits until the socket's budget covers a message of `chars`, reading nothing more from it
   * meanwhile. Shaping rather than refusing keeps a fast but honest client's messages whole and in order.
   */
  async budget(socketKey: string, chars: number, socket: { pause(): void; resume(): void }): Promise<void> {
    const cost = 1 + Math.floor(Math.min(chars, SIGNAL_MAX_MESSAGE_CHARS) / 1024);
    for (;;) {
      try {
        await this.#budgetPerSocket.consume(socketKey, cost);
        return;
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        socket.pause();
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, error.msBeforeNext)));
        socket.resume();
      }
    }
  }
}
