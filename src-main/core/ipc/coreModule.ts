import { channelNames, type Channel } from '../../../src-shared/ipc/contract';
import type { IpcHandlers } from './dispatcher';

/** The moments of the core's life a module takes part in; hooks run in the order modules are listed. */
export interface CoreModuleHooks {
  /** This device is registered with the cloud endpoint; a throw makes the registration retry. */
  readonly registered?: () => Promise<void> | void;
  /** Registering failed (the endpoint is unreachable); the core retries with back-off. */
  readonly registrationFailed?: (error: unknown) => void;
  /** Every module is built: background work (timers, a first sync) may begin. */
  readonly start?: () => void;
  readonly close?: () => void;
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
