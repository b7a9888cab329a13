import type { z } from 'zod';

/** A socket to the endpoint this console page came from (`wss:` when the page is `https:`). */
export function openEndpointSocket(path: string): WebSocket {
  return new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`);
}

/** A frame from the endpoint as `schema` says, or null for anything else (not JSON, not the protocol). */
export function readFrame<T>(event: MessageEvent, schema: z.ZodType<T>): T | null {
  let json: unknown;
  try {
    json = JSON.parse(String(event.data));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
