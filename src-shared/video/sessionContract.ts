import { z } from 'zod';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { CODE_USER_AUTH_DESCRIPTION, videoPersonSchema } from './contract';
import { videoEventSchema, videoStatusSchema } from './status';
import { STROKE_TTL_MS } from './tools';

/**
 * Video sessions themselves (VS-2 … VS-5, VS-7): a code user's request or an employee's direct
 * creation, the status machine of `status.ts` enforced on the endpoint, and who may see and act.
 *
 * Who is responsible for a session: its assignees. A request is assigned to the employees assigned
 * to its device; where the device has none, every employee of the company with `video.conduct`
 * is responsible until one of them confirms it (and is thereby assigned). Employees with
 * `video.manage` create sessions directly (CONFIRMED) and change assignees; only assignees confirm,
 * cancel, close, reopen and call (403 `video_not_assigned` for anyone else); `video.view` lets an
 * employee see every session of the company, and without it an employee sees only their own.
 * A code user sees and acts on their device's sessions only.
 */

export const VIDEO_REASON_MAX = 1000;
/** How many sessions a list answers, the most recently changed first. */
export const VIDEO_SESSIONS_LISTED = 500;
/** A session has at most this many assignees. */
export const VIDEO_ASSIGNEES_MAX = 20;
/** The review period's bounds in hours (VS-4: DONE → CLOSED when it runs out); the default is 72. */
export const VIDEO_REVIEW_HOURS = { min: 1, max: 24 * 90, default: 72 } as const;

const id = z.string().max(64);
const reason = z.string().trim().min(1).max(VIDEO_REASON_MAX);

export { videoPersonSchema, type VideoPerson } from './contract';

/** Who caused a recorded change: an employee (by name), the device's code user, or the endpoint (call, review period). */
export const videoSessionActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('employee'), userId: z.string(), name: z.string() }),
  z.object({ kind: z.literal('code-user') }),
  z.object({ kind: z.literal('system') }),
]);
export type VideoSessionActor = z.infer<typeof videoSessionActorSchema>;

export const videoSessionSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  customer: z.string(),
  status: videoStatusSchema,
  /** `request`: a code user asked (VS-2); `direct`: an employee created it (VS-3). */
  origin: z.enum(['request', 'direct']),
  reason: z.string(),
  /** The linked ticket (VS-2, VS-3), if any. */
  ticket: z.object({ id: z.string(), title: z.string() }).nullable(),
  /** Empty on a request for a device without assignees: every employee with `video.conduct` may confirm it. */
  assignees: z.array(videoPersonSchema),
  /** How many calls the session has had (a reopened session has another). */
  calls: z.number().int().nonnegative(),
  createdAt: z.string(),
  /** The last change of status, assignees or call. */
  updatedAt: z.string(),
});
export type VideoSession = z.infer<typeof videoSessionSchema>;

/** One recorded change (VS-4): `request`/`create` begin the history, the events of `status.ts` follow. */
export const videoSessionChangeSchema = z.object({
  event: z.union([z.enum(['request', 'create']), videoEventSchema]),
  from: videoStatusSchema.nullable(),
  to: videoStatusSchema,
  actor: videoSessionActorSchema,
  at: z.string(),
});
export type VideoSessionChange = z.infer<typeof videoSessionChangeSchema>;

/** The details view (VS-7): the session, every change in order, and what the caller may do now. */
export const videoSessionDetailsSchema = videoSessionSchema.extend({
  history: z.array(videoSessionChangeSchema),
});
export type VideoSessionDetails = z.infer<typeof videoSessionDetailsSchema>;

/** What a code user sees of a session: no employee's user ID, no company-internal field. */
export const codeUserVideoSessionSchema = videoSessionSchema
  .omit({ assignees: true, customer: true })
  .extend({ assignees: z.array(z.object({ name: z.string() })) });
export type CodeUserVideoSession = z.infer<typeof codeUserVideoSessionSchema>;

/**
 * The company's rules for requests (VS-2) and the review period (VS-4). `requests`: `none` (code
 * users are told requests are not taken), `all`, or `groups` (only devices whose `group` is listed).
 * `strokeTtlMs`: how long a drawing in a call takes to fade (VS-6).
 */
export const videoSettingsSchema = z
  .object({
    requests: z.enum(['none', 'all', 'groups']),
    requestGroups: z.array(z.string().trim().min(1).max(80)).max(100),
    reviewHours: z.number().int().min(VIDEO_REVIEW_HOURS.min).max(VIDEO_REVIEW_HOURS.max),
    strokeTtlMs: z.number().int().min(STROKE_TTL_MS.min).max(STROKE_TTL_MS.max),
  })
  .strict();
export type VideoSettings = z.infer<typeof videoSettingsSchema>;
/** A change of the rules: the fade time may be left out (it stays as it is). */
export const videoSettingsChangeSchema = videoSettingsSchema.partial({ strokeTtlMs: true });
export type VideoSettingsChange = z.infer<typeof videoSettingsChangeSchema>;

const sessionParams = z.object({ id });
const notFound = { 404: ['not_found'] } as const;
const transitionRefusals = {
  403: ['video_not_assigned'],
  404: ['not_found'],
  409: ['video_transition_forbidden'],
} as const;

export const videoSessionRoutes = defineRoutes({
  'video.sessions.list': {
    method: 'GET',
    path: '/api/v1/video/sessions',
    tag: 'video',
    summary: 'Video sessions, the most recently changed first (500 at most); by status, device and assignee',
    description:
      'With `video.view` every session of the company; with only `video.conduct` or `video.manage`, the sessions the caller is assigned to or may confirm. Without any of the three: 403.',
    auth: 'user',
    query: z
      .object({
        status: videoStatusSchema.optional(),
        deviceId: id.optional(),
        /** `me`, or an employee's user ID. */
        assignee: id.optional(),
      })
      .strict(),
    status: 200,
    response: z.object({ sessions: z.array(videoSessionSchema) }),
    errors: { 403: ['forbidden'] },
  },
  'video.sessions.get': {
    method: 'GET',
    path: '/api/v1/video/sessions/:id',
    tag: 'video',
    summary: 'One video session with its whole history (VS-4, VS-7)',
    description:
      'A session the caller may not see (not assigned, no `video.view`) answers 404, as one that does not exist.',
    auth: 'user',
    params: sessionParams,
    status: 200,
    response: videoSessionDetailsSchema,
    errors: notFound,
  },
  'video.sessions.create': {
    method: 'POST',
    path: '/api/v1/video/sessions',
    tag: 'video',
    summary: 'Create a video session directly (VS-3): CONFIRMED at once, with its assignees',
    description:
      'Each assignee must be an enabled employee of the company with `video.conduct` (422 `video_assignee_invalid` otherwise). The ticket, if given, must be the device’s.',
    auth: 'user',
    permission: 'video.manage',
    body: z
      .object({
        deviceId: id,
        reason,
        ticketId: id.optional(),
        assigneeIds: z.array(id).min(1).max(VIDEO_ASSIGNEES_MAX),
      })
      .strict(),
    status: 201,
    response: videoSessionDetailsSchema,
    errors: { 404: ['not_found'], 422: ['video_assignee_invalid'] },
  },
  'video.sessions.assign': {
    method: 'PUT',
    path: '/api/v1/video/sessions/:id/assignees',
    tag: 'video',
    summary: 'Replace a video session’s assignees (not once it is CLOSED or CANCELLED)',
    auth: 'user',
    permission: 'video.manage',
    params: sessionParams,
    body: z.object({ assigneeIds: z.array(id).min(1).max(VIDEO_ASSIGNEES_MAX) }).strict(),
    status: 200,
    response: videoSessionDetailsSchema,
    errors: { 404: ['not_found'], 409: ['video_transition_forbidden'], 422: ['video_assignee_invalid'] },
  },
  'video.sessions.act': {
    method: 'POST',
    path: '/api/v1/video/sessions/:id/events',
    tag: 'video',
    summary: 'Confirm, cancel, close or reopen a video session (VS-4) as one of its assignees',
    description:
      'A change the status machine does not allow from the session’s status answers 409 `video_transition_forbidden`; `start` and `end` are the call’s own and are refused here the same way.',
    auth: 'user',
    params: sessionParams,
    body: z.object({ event: videoEventSchema }).strict(),
    status: 200,
    response: videoSessionDetailsSchema,
    errors: transitionRefusals,
  },
  'video.settings.get': {
    method: 'GET',
    path: '/api/v1/video/settings',
    tag: 'video',
    summary: 'The company’s rules for code users’ requests and the review period',
    auth: 'user',
    permission: 'video.manage',
    status: 200,
    response: videoSettingsSchema,
  },
  'video.settings.put': {
    method: 'PUT',
    path: '/api/v1/video/settings',
    tag: 'video',
    summary: 'Change the company’s rules for code users’ requests and the review period',
    auth: 'user',
    permission: 'video.manage',
    body: videoSettingsChangeSchema,
    status: 200,
    response: videoSettingsSchema,
  },
  'video.employees.list': {
    method: 'GET',
    path: '/api/v1/video/employees',
    tag: 'video',
    summary: 'The company’s enabled employees with `video.conduct`: whom a session may be assigned to (VS-3, VS-7)',
    auth: 'user',
    permission: 'video.manage',
    status: 200,
    response: z.object({ employees: z.array(videoPersonSchema) }),
  },
  'video.codeUser.sessions.list': {
    method: 'GET',
    path: '/api/v1/video/me/sessions',
    tag: 'video',
    summary: 'The code user’s device’s video sessions, the most recently changed first',
    description: CODE_USER_AUTH_DESCRIPTION,
    auth: 'code-user',
    status: 200,
    response: z.object({ sessions: z.array(codeUserVideoSessionSchema), requestsAllowed: z.boolean() }),
  },
  'video.codeUser.sessions.request': {
    method: 'POST',
    path: '/api/v1/video/me/sessions',
    tag: 'video',
    summary: 'A code user requests a video session (VS-2) with a reason and, optionally, one of their tickets',
    description: `${CODE_USER_AUTH_DESCRIPTION} Where the company takes no requests for this device: 403 \`video_requests_not_allowed\`. The responsible employees are told at once (the video feed, and the company's webhooks as \`video_session.requested\`).`,
    auth: 'code-user',
    body: z.object({ reason, ticketId: id.optional() }).strict(),
    status: 201,
    response: codeUserVideoSessionSchema,
    errors: { 403: ['video_requests_not_allowed'], 404: ['not_found'], 429: ['rate_limited'] },
  },
  'video.codeUser.sessions.cancel': {
    method: 'POST',
    path: '/api/v1/video/me/sessions/:id/cancel',
    tag: 'video',
    summary: 'A code user cancels their device’s video session before the call (VS-4)',
    description: CODE_USER_AUTH_DESCRIPTION,
    auth: 'code-user',
    params: sessionParams,
    status: 200,
    response: codeUserVideoSessionSchema,
    errors: { ...notFound, 409: ['video_transition_forbidden'] },
  },
});

/** The employees' routes as IPC channels (the back office in the app and the web console). */
export const videoSessionChannels = endpointChannels(videoSessionRoutes);
