import { z } from 'zod';

/** A feature's IPC: the channels its core module answers and the events it pushes to every window. */
export interface FeatureIpc {
  /**
   * `oneWay`: the renderer may also send the request without waiting (`TandemClient.send`); the
   * core checks and handles it as a call, and answers nobody. For streams of small messages
   * whose answer nobody reads (remote input), where a round trip each would only add work.
   */
  readonly channels: Record<
    string,
    { readonly request: z.ZodType; readonly response: z.ZodType; readonly oneWay?: true }
  >;
  readonly events: Record<string, z.ZodType>;
}

/** Keeps each channel's literal types while checking the feature's IPC against the shape. */
export function defineIpc<const T extends FeatureIpc>(ipc: T): T {
  return ipc;
}

/** A request that carries nothing (and nothing more). */
export const empty = z.object({}).strict();
/** An answer that says only that it worked. */
export const ok = z.object({});
/** A request about one session. */
export const requestId = z.object({ requestId: z.uuid() }).strict();
