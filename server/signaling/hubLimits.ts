import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { SIGNAL_MAX_MESSAGE_CHARS } from '../../src-shared/signaling/protocol';

/**
 * The hub's rate limits: connection requests and session codes per network source and per device,
 * and each socket's message budget. A refused `consume` throws `RateLimiterRes` (the hub answers
 * `rate_limited` with the wait); the budget shapes a socket instead of refusing it.
 */
export class HubLimits {
  readonly #connectPerSource = new RateLimiterMemory({ points: 30, duration: 60 });
  readonly #connectPerDevice = new RateLimiterMemory({ points: 30, duration: 60 });
  readonly #codeLookups = new RateLimiterMemory({ points: 30, duration: 60 });
  readonly #codeCreatesPerDevice = new RateLimiterMemory({ points: 10, duration: 60 });
  readonly #codeCreatesPerSource = new RateLimiterMemory({ points: 30, duration: 60 });
  /**
   * Per socket, 1 point per message plus 1 per KiB: a session's burst (an SDP and a score of ICE
   * candidates) fits with room to spare; a flood is slowed down to this pace, not answered faster.
   */
  readonly #budgetPerSocket = new RateLimiterMemory({ points: 200, duration: 1 });

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
