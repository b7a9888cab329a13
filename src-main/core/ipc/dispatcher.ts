import { ipcChannels, isChannel, type Channel, type Request, type Response } from '../../../src-shared/ipc/contract';
import { failure, success, type Envelope } from '../../../src-shared/ipc/envelope';
import { TandemError, issuesFromZod } from '../../../src-shared/errors';
import type { Logger } from '../logger';

/** One function per channel; requests arrive already validated against the contract. */
export type IpcHandlers = {
  [C in Channel]: (request: Request<C>) => Promise<Response<C>> | Response<C>;
};

export type Dispatch = (channel: unknown, payload: unknown) => Promise<Envelope>;

/**
 * The single place a call from any transport enters the core: unknown channels and malformed
 * payloads are refused with typed errors, and a handler's answer is checked on the way out.
 */
export function createDispatcher(handlers: IpcHandlers, log: Logger): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      return failure({ code: 'unknown_channel', message: `There is no IPC channel named ${JSON.stringify(channel)}.` });
    }
    const definition = ipcChannels[channel];
    const request = definition.request.safeParse(payload ?? {});
    if (!request.success) {
      return failure({
        code: 'invalid_request',
        message: `The request for "${channel}" does not match the contract.`,
        issues: issuesFromZod(request.error),
      });
    }
    try {
      const handler = handlers[channel] as (request: unknown) => unknown;
      const value = definition.response.safeParse(await handler(request.data));
      if (!value.success) {
        log.error({ channel, issues: issuesFromZod(value.error) }, 'handler answered outside the contract');
        return failure({ code: 'internal', message: `"${channel}" produced an invalid answer.` });
      }
      return success(value.data);
    } catch (error) {
      if (error instanceof TandemError) return failure(error.toShape());
      log.error({ channel, err: error }, 'IPC handler failed');
      return failure({ code: 'internal', message: `"${channel}" failed; the details are in Tandem's log.` });
    }
  };
}
