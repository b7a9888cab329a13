import { z } from 'zod';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

/**
 * Video sessions (VS-1 … VS-7): a company's employees help code users — customers identified by a
 * device code the company issued for a device or site it looks after. This part: the devices with
 * their codes (VS-1), and a code user joining with one.
 */

/** Crockford's base-32 alphabet: no I, L, O or U, so a code read aloud or from a label is not misread. */
export const DEVICE_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 symbols: 60 bits, far beyond guessing at the rate lookups are allowed. */
export const DEVICE_CODE_LENGTH = 12;

/** A device code as the endpoint hands it out: 12 symbols, grouped `ABCD-EFGH-JKMN`. */
export const deviceCodeSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

/**
 * A device code as a person types it: any case, with or without dashes and spaces, O for 0 and I
 * or L for 1 (Crockford's rule); grouped again for the lookup.
 */
export const typedDeviceCodeSchema = z
  .string()
  .max(40)
  .transform((typed) => typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1'))
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{12}$/, 'a device code has 12 letters and digits'))
  .transform((code) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);

const text = (max: number) => z.string().trim().max(max);

export const videoDeviceInputSchema = z
  .object({
    name: text(120).min(1),
    /** Whose device or site it is: the customer's name, as the company knows them. */
    customer: text(120).default(''),
    notes: text(2000).default(''),
    /** VS-2: the company's request rules may allow requests for some groups only. */
    group: text(80).default(''),
    /** VS-2: who a code user's request goes to; none: every employee with `video.conduct`. */
    assigneeIds: z.array(z.string().max(64)).max(20).default([]),
  })
  .strict();

/** An employee as sessions and devices name them. */
export const videoPersonSchema = z.object({ userId: z.string(), name: z.string() });
export type VideoPerson = z.infer<typeof videoPersonSchema>;

export const videoDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  customer: z.string(),
  notes: z.string(),
  code: deviceCodeSchema,
  /** A disabled device's code lets nobody in, and its code users' tokens are revoked. */
  disabled: z.boolean(),
  createdAt: z.string(),
  group: z.string(),
  /** Each must be an enabled employee of the company with `video.conduct` (422 `video_assignee_invalid`). */
  assignees: z.array(videoPersonSchema),
});
export type VideoDevice = z.infer<typeof videoDeviceSchema>;

/** How often a source may try a device code in a minute (VS-1): failed or not. */
export const DEVICE_CODE_LOOKUPS_PER_MINUTE = 10;

/** How an API caller authenticates as a code user (`code-user` routes), for the OpenAPI document. */
export const CODE_USER_AUTH_DESCRIPTION =
  'Send the token `video.join` answered as `Authorization: Bearer <token>`; once the device is disabled or its code replaced it is refused with 401 `video_code_user_revoked`.';

export const videoRoutes = defineRoutes({
  'video.devices.list': {
    method: 'GET',
    path: '/api/v1/video/devices',
    tag: 'video',
    summary: 'The company’s devices with codes (VS-1), by name',
    auth: 'user',
    permission: 'video.manage',
    status: 200,
    response: z.object({ devices: z.array(videoDeviceSchema) }),
  },
  'video.devices.create': {
    method: 'POST',
    path: '/api/v1/video/devices',
    tag: 'video',
    summary: 'A device with a new code (VS-1): give the code to the customer who looks at it',
    auth: 'user',
    permission: 'video.manage',
    body: videoDeviceInputSchema,
    status: 201,
    response: videoDeviceSchema,
    errors: { 422: ['video_assignee_invalid'] },
  },
  'video.devices.update': {
    method: 'PUT',
    path: '/api/v1/video/devices/:id',
    tag: 'video',
    summary: 'Change a device’s name, customer and notes, or disable it (its code then lets nobody in) or enable it',
    auth: 'user',
    permission: 'video.manage',
    params: z.object({ id: z.string().max(64) }),
    body: videoDeviceInputSchema.extend({ disabled: z.boolean() }).strict(),
    status: 200,
    response: videoDeviceSchema,
    errors: { 404: ['not_found'], 422: ['video_assignee_invalid'] },
  },
  'video.devices.newCode': {
    method: 'POST',
    path: '/api/v1/video/devices/:id/code',
    tag: 'video',
    summary: 'Replace a device’s code (the old one stops working, and its code users must join again)',
    auth: 'user',
    permission: 'video.manage',
    params: z.object({ id: z.string().max(64) }),
    status: 200,
    response: videoDeviceSchema,
    errors: { 404: ['not_found'] },
  },
  'video.join': {
    method: 'POST',
    path: '/api/v1/video/join',
    tag: 'video',
    summary: 'A code user joins with a device code (VS-1): a token for that device, revoked with the code',
    description:
      'Public: anyone with the code is the device’s code user. Each source may try 10 codes a minute; past that the answer is 429 with `retryAfterMs`, whatever the code.',
    auth: 'public',
    body: z.object({ code: typedDeviceCodeSchema }).strict(),
    status: 200,
    response: z.object({
      token: z.string(),
      device: z.object({ id: z.string(), name: z.string(), company: z.string() }),
    }),
    errors: { 404: ['video_code_unknown'], 429: ['rate_limited'] },
  },
  'video.codeUser.me': {
    method: 'GET',
    path: '/api/v1/video/me',
    tag: 'video',
    summary: 'The device a code user’s token stands for: its name and its company’s',
    description: CODE_USER_AUTH_DESCRIPTION,
    auth: 'code-user',
    status: 200,
    response: z.object({ device: z.object({ id: z.string(), name: z.string(), company: z.string() }) }),
  },
});

/** The employees' routes as IPC channels (the back office in the app and the web console). */
export const videoChannels = endpointChannels(videoRoutes);
