import { z } from 'zod';
import { errorCodeSchema } from '../errors';
import { defineIpc, empty, ok } from '../ipc/channel';
import { helpCodeSchema } from './contract';

/**
 * LV-1 … LV-4 on the end user's computer: *Get help*. The window asks the core to open a help
 * session after the end user acknowledged what a supporter will see (this version of the text);
 * the core reports presence, keeps the session alive and tells every window its state.
 */

/** The version of the *What a supporter will see* text the end user acknowledges; raise it when the text changes. */
export const GET_HELP_ACK_TEXT_VERSION = 'lv-ack-1';

/** LV-4: the end user is told this long before the help session's ID expires. */
export const HELP_ENDING_SOON_MS = 60_000;

/** What the end user's window shows about asking for help. */
export const getHelpStateSchema = z.discriminatedUnion('state', [
  /** Not asking for help. */
  z.object({ state: z.literal('idle') }),
  /** Opening a help session; `reconnecting`: the endpoint did not answer, the core tries again. */
  z.object({ state: z.literal('opening'), reconnecting: z.boolean() }),
  z.object({
    state: z.literal('open'),
    code: helpCodeSchema,
    openedAt: z.string(),
    expiresAt: z.string(),
    /** LV-4: less than a minute left; a new ID follows at expiry while the end user still wants help. */
    endingSoon: z.boolean(),
    /** The last presence report did not reach the endpoint: the core tries again. */
    reconnecting: z.boolean(),
    /** Why this is a new ID of the same request for help: the previous one expired or was ended by the endpoint. */
    renewed: z.enum(['expired', 'ended']).nullable(),
    /** The endpoint answered the help session this device already had open (a restart with *Keep session*). */
    kept: z.boolean(),
  }),
  /** Asking for help failed in a way trying again will not fix (e.g. no company). */
  z.object({ state: z.literal('error'), code: errorCodeSchema, message: z.string() }),
]);
export type GetHelpState = z.infer<typeof getHelpStateSchema>;

export const getHelpStartSchema = z
  .object({
    acknowledgement: z
      .object({ textVersion: z.literal(GET_HELP_ACK_TEXT_VERSION), acknowledgedAt: z.iso.datetime() })
      .strict(),
    /** What the end user typed in *Your name*; blank is none. */
    yourName: z.string().trim().max(80).nullable().optional(),
  })
  .strict();

export const getHelpIpc = defineIpc({
  channels: {
    'getHelp.status': { request: empty, response: getHelpStateSchema },
    /** *Get help* after *I understand*: opens a help session (or keeps the open one). */
    'getHelp.start': { request: getHelpStartSchema, response: getHelpStateSchema },
    /** *Stop asking for help*: the help session ends at once. */
    'getHelp.stop': { request: empty, response: getHelpStateSchema },
    /** The window says whether it is in front and when the end user last gave input (LV-1's active / idle). */
    'getHelp.activity': {
      request: z.object({ focused: z.boolean(), lastInputAt: z.iso.datetime().nullable() }).strict(),
      response: ok,
    },
    /** LV-4 *Keep session* as it applies (the user's setting `keepHelpSession`, or IT's enforced one). */
    'getHelp.keepSession': {
      request: empty,
      response: z.object({ on: z.boolean(), lockedByIt: z.boolean() }),
    },
  },
  events: {
    'getHelp.changed': getHelpStateSchema,
  },
});

/** A help session ID as people read it out: `123 456 789`. */
export function formatHelpCode(code: string): string {
  return code.replace(/(\d{3})(?=\d)/g, '$1 ');
}
