import { healthSchema, type CloudStatus } from '../../../src-shared/domain/cloud';

const HEALTH_TIMEOUT_MS = 3000;

/** Talks to the company's cloud endpoint. For now: is it there, and which version is it. */
export class CloudClient {
  #lastStatus: CloudStatus | null = null;

  constructor(
    readonly baseUrl: string,
    readonly embedded: boolean,
  ) {}

  /** The last health check's outcome, or null before the first one. */
  get lastStatus(): CloudStatus | null {
    return this.#lastStatus;
  }

  async checkHealth(): Promise<CloudStatus> {
    const base = { url: this.baseUrl, embedded: this.embedded, checkedAt: new Date().toISOString() };
    try {
      const response = await fetch(new URL('/healthz', this.baseUrl), {
        signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`the endpoint answered HTTP ${response.status}`);
      const health = healthSchema.safeParse(await response.json());
      if (!health.success) throw new Error('the endpoint at this address is not a Tandem cloud endpoint');
      this.#lastStatus = { ...base, state: 'reachable', serverVersion: health.data.version, error: null };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#lastStatus = { ...base, state: 'unreachable', serverVersion: null, error: reason };
    }
    return this.#lastStatus;
  }
}
