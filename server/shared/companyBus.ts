import { z } from 'zod';
import type { SharedState } from './sharedState';

/** Hears every company's messages of one feature; the listener hands each only to that company's people. */
export type CompanyListener<T> = (companyId: string, message: T) => void;

/** How one feature's per-company messages reach its listeners on every instance. */
export interface CompanyBus<T> {
  publish(companyId: string, message: T): Promise<void>;
  listen(listener: CompanyListener<T>): Promise<void>;
}

/**
 * One instance: a message goes straight to this process's listeners. Several (Redis): every
 * message is broadcast, signed, on the feature's topic all instances hear (this one too), and each
 * checks it against `schema` before handing it on; the company travels with the message, so the
 * receiving instance gives it only to that company's listeners.
 */
export function companyBusFor<T>(
  shared: SharedState,
  topic: string,
  schema: z.ZodType<T>,
  log: { warn(object: object, message: string): void },
): CompanyBus<T> {
  const listeners: CompanyListener<T>[] = [];
  const tell = (companyId: string, message: T) => {
    for (const listener of listeners) listener(companyId, message);
  };
  if (shared.kind === 'memory') {
    return {
      publish: async (companyId, message) => tell(companyId, message),
      listen: async (listener) => {
        listeners.push(listener);
      },
    };
  }
  const { link } = shared;
  const broadcastSchema = z.object({ companyId: z.string().min(1).max(64), message: schema }).strict();
  let subscribed: Promise<void> | null = null;
  return {
    publish: async (companyId, message) => {
      await link.broadcast(topic, { companyId, message });
    },
    listen: async (listener) => {
      listeners.push(listener);
      subscribed ??= link.subscribeTopic(topic, (body) => {
        const parsed = broadcastSchema.safeParse(body);
        if (!parsed.success) {
          log.warn({ topic, issues: parsed.error.issues.length }, 'dropped a bus message of the wrong shape');
          return;
        }
        tell(parsed.data.companyId, parsed.data.message as T);
      });
      await subscribed;
    },
  };
}
