import { setTimeout as sleep } from 'node:timers/promises';
import { channelNames, type Channel } from '../../../src-shared/ipc/contract';
import type { Logger } from '../logger';
import type { IpcHandlers } from './dispatcher';

/** The moments of the core's life a module takes part in; hooks run in the order modules are listed. */
export interface CoreModuleHooks {
  /** This device is registered with the cloud endpoint; a throw makes the registration retry. */
  readonly registered?: () => Promise<void> | void;
  /** Registering failed (the endpoint is unreachable); the core retries with back-off. */
  readonly registrationFailed?: (error: unknown) => void;
  /** Every module is built: background work (timers, a first sync) may begin. */
  readonly start?: () => void;
  /** The core shuts down: what must reach the endpoint first (ending a help session) is awaited, within a bound. */
  readonly close?: () => Promise<void> | void;
}

/** One feature of the main core as `core.ts` lists it: the IPC channels it answers, and its hooks. */
export interface CoreModule<C extends Channel = Channel> extends CoreModuleHooks {
  readonly handlers: Pick<IpcHandlers, C>;
}

type AnyCoreModule = CoreModuleHooks & { readonly handlers: Partial<IpcHandlers> };
type ChannelsOf<M> = M extends { handlers: infer H } ? keyof H : never;
/** Names, at compile time, the channels no listed module answers. */
type AnswersEveryChannel<M> = [Exclude<Channel, ChannelsOf<M>>] extends [never]
  ? unknown
  : { channelsWithoutModule: Exclude<Channel, ChannelsOf<M>> };

/**
 * Joins the modules' handler maps into the dispatcher's table. A channel answered by two modules,
 * or by none, is a wiring mistake that would drop a handler or leave a channel unanswered, so it
 * fails the core's start instead of the first call (a missing channel already fails to compile).
 */
export function mergeHandlers<M extends AnyCoreModule>(modules: readonly M[] & AnswersEveryChannel<M>): IpcHandlers {
  const merged: Partial<Record<Channel, unknown>> = {};
  for (const module of modules) {
    for (const [channel, handler] of Object.entries(module.handlers) as [Channel, unknown][]) {
      if (channel in merged) throw new Error(`Two core modules answer the IPC channel "${channel}".`);
      merged[channel] = handler;
    }
  }
  const missing = channelNames.filter((channel) => !(channel in merged));
  if (missing.length > 0) throw new Error(`No core module answers the IPC channels ${missing.join(', ')}.`);
  return merged as IpcHandlers;
}

/**
 * Runs the modules' `close` hooks in their order, each awaited, all of them within `boundMs`: a
 * hook still waiting then (an endpoint that does not answer) finishes on its own while the rest
 * close, so nothing holds the app's quit longer. A hook that fails is logged; the others still run.
 */
export async function closeModules(
  modules: readonly CoreModuleHooks[],
  boundMs: number,
  log: Pick<Logger, 'warn'>,
): Promise<void> {
  const bound = new AbortController();
  const boundReached = sleep(boundMs, 'bound reached' as const, { signal: bound.signal }).catch(
    () => 'closed' as const,
  );
  for (const [index, module] of modules.entries()) {
    try {
      const closing = module.close?.();
      if (!closing) continue;
      const outcome = await Promise.race([closing.then(() => 'closed' as const), boundReached]);
      if (outcome === 'bound reached')
        log.warn({ module: index, boundMs }, 'a core module did not close in time; going on');
    } catch (error) {
      log.warn({ err: error, module: index }, 'a core module failed to close');
    }
  }
  bound.abort();
}
