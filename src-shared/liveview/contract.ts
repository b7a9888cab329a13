import { z } from 'zod';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

/**
 * LV-1 … LV-4, Live View: an end user's device asks for help (a help session with a 9-digit ID,
 * opened only after the end user acknowledged what a supporter will see), reports its presence,
 * and ends it; the company's supporters list the open help sessions and look one up by its ID.
 */

/** How often an open help session's device reports its presence even when nothing changed. */
export const PRESENCE_HEARTBEAT_MS = 15_000;
/** A help session whose device has not reported for this long is gone (its app died). */
export const PRESENCE_STALE_MS = 35_000;

/** A help session ID as the endpoint hands it out: 9 digits. */
export const helpCodeSchema = z.string().regex(/^\d{9}$/, 'a help session ID has 9 digits');

/** A help session ID as a supporter types it: spaces (as shown, `123 456 789`) and dashes are ignored. */
export const typedHelpCodeSchema = z
  .string()
  .max(30)
  .transform((typed) => typed.replace(/[\s-]/g, ''))
  .pipe(helpCodeSchema);

const shortText = (max: number) => z.string().trim().min(1).max(max);

/** What an open help session's device reports (LV-1): small, so heartbeats stay cheap. */
export const presenceSchema = z
  .object({
    /** `active`: the app is in front and had input within the last 60 s; `idle`: otherwise. */
    status: z.enum(['active', 'idle']),
    /** The application in front, from the foreground watcher; null when unknown. */
    foregroundApp: shortText(200).nullable(),
    deviceName: shortText(120),
    os: z.object({ name: shortText(40), version: z.string().trim().max(60) }).strict(),
    /** Where the end user is, as text (the time zone's city or region by default). */
    location: shortText(120).nullable(),
    /** The signed-in user's name and e-mail, the QuickSupport module, IT's tags. */
    tags: z.array(shortText(80)).max(20),
  })
  .strict();
export type Presence = z.infer<typeof presenceSchema>;

export const openHelpSessionSchema = z
  .object({
    /** LV-2: the end user read what a supporter will see and may do (this version of the text), at this time. */
    acknowledgement: z.object({ textVersion: shortText(40), acknowledgedAt: z.iso.datetime() }).strict(),
    /** What the end user typed in *Your name*, if anything. */
    yourName: shortText(80).nullable().optional(),
    presence: presenceSchema,
  })
  .strict();

/** The device's own open help session. */
export const ownHelpSessionSchema = z.object({
  id: z.string(),
  code: helpCodeSchema,
  openedAt: z.string(),
  /** LV-4: the session ends at this time at the latest; the app may then open a new one. */
  expiresAt: z.string(),
  /** `true`: the device already had this help session open, and keeps it (same ID). */
  kept: z.boolean(),
});

/** One open help session as a supporter sees it (LV-1). */
export const helpSessionSchema = presenceSchema.extend({
  /** Stable while the help session lasts: the row's key in the Live View. */
  id: z.string(),
  code: helpCodeSchema,
  yourName: z.string().nullable(),
  openedAt: z.string(),
  expiresAt: z.string(),
  lastSeenAt: z.string(),
});
export type HelpSession = z.infer<typeof helpSessionSchema>;

/**
 * What the supporter's Live View is told, live, about one help session of its company: it opened
 * or its visible presence changed (`upsert`), or it is gone (`remove`: stopped, past its lifetime,
 * or not heard from for 35 s). A heartbeat that changes nothing a supporter sees is not told.
 */
export const liveViewChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('upsert'), helpSession: helpSessionSchema }),
  z.object({
    kind: z.literal('remove'),
    id: z.string().max(64),
    reason: z.enum(['ended', 'expired', 'silent']),
  }),
]);
export type LiveViewChange = z.infer<typeof liveViewChangeSchema>;

/** How long a Live View subscription ticket is good for: also how long a removed `liveview.view` keeps a feed open. */
export const LIVEVIEW_TICKET_TTL_MS = 5 * 60_000;

/** A subscription ticket as the endpoint signs it (opaque to the app): payload and signature, base64url. */
export const liveViewTicketSchema = z
  .string()
  .max(1024)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'a Live View ticket is two base64url parts');

/** How long a help connection grant is good for: the supporter's core presents it to the hub at once. */
export const HELP_GRANT_TTL_MS = 60_000;

/** A help connection grant as the endpoint signs it (opaque to the app): payload and signature, base64url. */
export const helpGrantSchema = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'a help connection grant is two base64url parts');

/** What the supporter typed for LV-3's *Request connection*: why, shown to the end user. */
export const helpReasonSchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters');

/**
 * What the supporter's core gets to connect to a help session (LV-2, LV-3): the grant it presents
 * in the hub's `connect-help`, the secret of the handshake with the end user's device (the hub
 * hands the same one to that device only), and the help session with its device.
 */
export const helpGrantAnswerSchema = z.object({
  grant: helpGrantSchema,
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  expiresAt: z.string(),
  helpSession: helpSessionSchema.extend({ deviceId: z.string() }),
});
export type HelpGrantAnswer = z.infer<typeof helpGrantAnswerSchema>;

/** LV-4: how long a company's help sessions live at most, in minutes: an hour unless an administrator changes it. */
export const HELP_SESSION_LIFETIME_MINUTES = { min: 5, max: 720, default: 60 } as const;

/** The company's choices for help sessions and connections to them. */
export const helpConnectSettingsSchema = z
  .object({
    /** A supporter who typed the end user's help session ID starts without the Accept step (the end user acknowledged). */
    codeSkipsAccept: z.boolean(),
    /** LV-4: a help session opened from now on ends this many minutes after it opened (a kept one keeps its expiry). */
    lifetimeMinutes: z
      .number()
      .int('a help session lifetime is a whole number of minutes')
      .min(HELP_SESSION_LIFETIME_MINUTES.min, 'a help session lives at least 5 minutes')
      .max(HELP_SESSION_LIFETIME_MINUTES.max, 'a help session lives at most 720 minutes (12 hours)'),
  })
  .strict();
export type HelpConnectSettings = z.infer<typeof helpConnectSettingsSchema>;

export const helpSessionSortSchema = z.enum(['openedAt', 'status', 'deviceName', 'code']);

export const helpSessionEventSchema = z.object({
  at: z.string(),
  action: z.enum([
    'acknowledged',
    'opened',
    'kept',
    'ended',
    'expired',
    'went_silent',
    'looked_up',
    'lookup_failed',
    // A supporter's connection to the help session (LV-2 by code, LV-3 by identity), as the hub saw it.
    'connection_requested',
    'connection_accepted',
    'connection_denied',
    'connection_timed_out',
    'connection_failed',
    'connection_ended',
  ]),
  /** `device`: the end user's device; `user`: a supporter. */
  actorKind: z.enum(['device', 'user']),
  actorId: z.string(),
  /** Readable, so the record outlives a removed user or device. */
  actor: z.string(),
  helpSessionId: z.string().nullable(),
  code: z.string(),
  deviceId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type HelpSessionEvent = z.infer<typeof helpSessionEventSchema>;

export const liveviewRoutes = defineRoutes({
  'devices.me.helpSession.open': {
    method: 'POST',
    path: '/api/v1/devices/me/help-session',
    tag: 'liveview',
    summary:
      'Ask for help (LV-2): open this device’s help session after the end user’s acknowledgement; an open one is kept',
    description:
      'Answers the help session ID (9 digits, unique among the company’s open help sessions) and when it expires. A device has one help session at a time: while it is open, asking again answers the same one (`kept`).',
    auth: 'company-device',
    body: openHelpSessionSchema,
    status: 200,
    response: ownHelpSessionSchema,
  },
  'devices.me.helpSession.presence': {
    method: 'PUT',
    path: '/api/v1/devices/me/help-session/presence',
    tag: 'liveview',
    summary: 'Report the open help session’s presence (LV-1): on every change and every 15 s',
    description:
      'A help session whose device has not reported for 35 s, or that reached its expiry, is gone: the answer is then 410 and the app opens a new one if the end user still wants help.',
    auth: 'company-device',
    body: presenceSchema,
    status: 200,
    response: z.object({ expiresAt: z.string() }),
    errors: { 410: ['help_session_ended'] },
  },
  'devices.me.helpSession.end': {
    method: 'DELETE',
    path: '/api/v1/devices/me/help-session',
    tag: 'liveview',
    summary: 'Stop asking for help: end this device’s help session at once (nothing to end is no error)',
    auth: 'company-device',
    status: 204,
    response: z.null(),
  },
  'liveview.helpSessions': {
    method: 'GET',
    path: '/api/v1/liveview/help-sessions',
    tag: 'liveview',
    summary: 'The company’s open help sessions (LV-1): search by tag or ID, filter by status, sorted, a page at a time',
    auth: 'user',
    permission: 'liveview.view',
    query: z.object({
      search: z.string().trim().max(100).optional(),
      status: z.enum(['active', 'idle']).optional(),
      sort: helpSessionSortSchema.default('openedAt'),
      order: z.enum(['asc', 'desc']).default('desc'),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).max(100_000).default(0),
    }),
    status: 200,
    response: z.object({
      helpSessions: z.array(helpSessionSchema),
      /** How many match the search and filter, beyond this page too. */
      total: z.number().int().nonnegative(),
    }),
  },
  'liveview.connectByCode': {
    method: 'POST',
    path: '/api/v1/liveview/connect-by-code',
    tag: 'liveview',
    summary: 'Look up an open help session of the company by its ID (LV-2): the device to connect to',
    description:
      'Failed lookups are limited per supporter (5 a minute) and per company; past the limit the answer is 429 with `retryAfterMs`, whatever the ID.',
    auth: 'user',
    permission: 'liveview.view',
    body: z.object({ code: typedHelpCodeSchema }).strict(),
    status: 200,
    response: helpSessionSchema.extend({ deviceId: z.string() }),
    errors: { 404: ['help_code_unknown'], 429: ['rate_limited'] },
  },
  'liveview.connectGrant': {
    method: 'POST',
    path: '/api/v1/liveview/connect-grant',
    tag: 'liveview',
    summary: 'Connect by code (LV-2): a one-minute grant for this device to ask the help session’s device to connect',
    description:
      'Looks the ID up as `liveview.connectByCode` does (the same limits and record) and answers a grant good only on the signaling socket of the device that signed this request. The hub checks it again, with the help session, when the core presents it in `connect-help`.',
    auth: 'device+user',
    caller: 'core',
    permission: 'liveview.view',
    body: z.object({ code: typedHelpCodeSchema }).strict(),
    status: 200,
    response: helpGrantAnswerSchema,
    errors: { 404: ['help_code_unknown'], 429: ['rate_limited'] },
  },
  'liveview.requestConnection': {
    method: 'POST',
    path: '/api/v1/liveview/help-sessions/:id/connection',
    tag: 'liveview',
    summary:
      'Request connection (LV-3): a one-minute grant to ask a help session of the company, picked in the Live View',
    description:
      'The end user is always asked (Accept / Deny), with the supporter’s verified name and company and the reason given here.',
    auth: 'device+user',
    caller: 'core',
    permission: 'liveview.view',
    params: z.object({ id: z.string().min(1).max(64) }),
    body: z.object({ reason: helpReasonSchema.optional() }).strict(),
    status: 200,
    response: helpGrantAnswerSchema,
    errors: { 404: ['help_session_gone'] },
  },
  'admin.liveview.settings': {
    method: 'GET',
    path: '/api/v1/admin/liveview/settings',
    tag: 'admin',
    summary: 'How connections to the company’s help sessions start, and how long help sessions live',
    auth: 'user',
    permission: 'admin.policies',
    status: 200,
    response: helpConnectSettingsSchema,
  },
  'admin.liveview.updateSettings': {
    method: 'PUT',
    path: '/api/v1/admin/liveview/settings',
    tag: 'admin',
    summary: 'Change how connections to the company’s help sessions start, and how long help sessions live',
    description: 'Only the settings in the body change. A new lifetime applies to help sessions opened from then on.',
    auth: 'user',
    permission: 'admin.policies',
    body: helpConnectSettingsSchema.partial(),
    status: 200,
    response: helpConnectSettingsSchema,
  },
  'liveview.subscription': {
    method: 'POST',
    path: '/api/v1/liveview/subscription',
    tag: 'liveview',
    summary:
      'A ticket (5 minutes) for this device’s signaling connection to receive the company’s help sessions live (LV-1)',
    description:
      'The signaling connection proves the device, not the user: the core presents this ticket in `liveview-subscribe`. It is good only on the socket of the device that signed this request, and the user’s permission is checked again when it is presented; the app asks for a new one before `expiresAt`.',
    auth: 'device+user',
    caller: 'core',
    permission: 'liveview.view',
    status: 200,
    response: z.object({ ticket: liveViewTicketSchema, expiresAt: z.string() }),
  },
  'admin.liveview.events': {
    method: 'GET',
    path: '/api/v1/admin/liveview/events',
    tag: 'admin',
    summary: 'Who asked for help, acknowledged, ended and looked up which help session, and when (newest first)',
    auth: 'user',
    permission: 'admin.audit',
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    status: 200,
    response: z.object({ events: z.array(helpSessionEventSchema) }),
  },
});

/** The supporter's routes as IPC channels (the Live View screen and the web console call them). */
export const liveviewChannels = endpointChannels(liveviewRoutes);
