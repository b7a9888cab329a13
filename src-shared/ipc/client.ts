import {
  ipcChannels,
  ipcEvents,
  isEventName,
  type Channel,
  type OneWayChannel,
  type EventName,
  type EventPayload,
  type Request,
  type Response,
} from './contract';
import { envelopeSchema } from './envelope';
import type { IpcTransport } from './transport';
import { TandemError, issuesFromZod } from '../errors';

export interface TandemClient {
  invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>>;
  /** Sends a one-way channel's request without waiting: the core checks it as a call and answers nobody. */
  send<C extends OneWayChannel>(channel: C, request: Request<C>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * The typed client over any transport. It trusts nothing that arrives: envelopes, responses
 * and event payloads are checked against the contract before the caller sees them.
 */
export function createTandemClient(transport: IpcTransport): TandemClient {
  return {
    async invoke(channel, request) {
      const raw = await transport.invoke(channel, request);
      const envelope = envelopeSchema.safeParse(raw);
      if (!envelope.success) {
        throw new TandemError('invalid_response', `"${channel}" answered with a malformed envelope.`);
      }
      if (!envelope.data.ok) throw TandemError.fromShape(envelope.data.error);
      const value = ipcChannels[channel].response.safeParse(envelope.data.value);
      if (!value.success) {
        throw new TandemError(
          'invalid_response',
          `"${channel}" answered with a value outside the contract.`,
          issuesFromZod(value.error),
        );
      }
      return value.data as Response<typeof channel>;
    },
    send(channel, request) {
      transport.send(channel, request);
    },
    on(event, listener) {
      return transport.subscribe((name, payload) => {
        if (name !== event || !isEventName(name)) return;
        const parsed = ipcEvents[name].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}
