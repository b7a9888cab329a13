import { z } from 'zod';
import { liveViewChangeSchema, type LiveViewChange } from '../../src-shared/liveview/contract';
import type { SharedState } from '../shared/sharedState';

/** Hears every company's help session changes; the listener hands each only to that company's subscribers. */
export type LiveViewListener = (companyId: string, change: LiveViewChange) => void;

/** How a help session change reaches the Live View subscribers of every instance. */
export interface LiveViewBus {
  publish(companyId: string, change: LiveViewChange): Promise<void>;
  listen(listener: LiveViewListener): Promise<void>;
}

const TOPIC = 'liveview';
const broadcastSchema = z.object({ companyId: z.string().min(1).max(64), change: liveViewChangeSchema }).strict();

/**
 * One instance: a change goes straight to this process's subscribers. Several (Redis): every
 * change is broadcast, signed, on one topic all instances hear (this one too), and each checks it
 * before handing it on; the company travels with the change, so the receiving instance gives it
 * only to subscribers of that company.
 */
export function liveViewBusFor(shared: SharedState, log: { warn(object: object, message: string): void }): LiveViewBus {
  const listeners: LiveViewListener[] = [];
  const tell = (companyId: string, change: LiveViewChange) => {
    for (const listener of listeners) listener(companyId, change);
  };
  if (shared.kind === 'memory') {
    return {
      publish: async (companyId, change) => tell(companyId, change),
      listen: async (listener) => {
        listeners.push(listener);
      },
    };
  }
  const { link } = shared;
  let subscribed: Promise<void> | null = null;
  return {
    publish: async (companyId, change) => {
      await link.broadcast(TOPIC, { companyId, change } satisfies z.input<typeof broadcastSchema>);
    },
    listen: async (listener) => {
      listeners.push(listener);
      subscribed ??= link.subscribeTopic(TOPIC, (body) => {
        const parsed = broadcastSchema.safeParse(body);
        if (!parsed.success) {
          log.warn({ issues: parsed.error.issues.length }, 'dropped a bus message that is not a Live View change');
          return;
        }
        tell(parsed.data.companyId, parsed.data.change);
      });
      await subscribed;
    },
  };
}
