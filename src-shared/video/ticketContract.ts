import { z } from 'zod';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { CODE_USER_AUTH_DESCRIPTION } from './contract';

/**
 * Issue 16: tickets per device, each with a conversation between the device's code users and the
 * company's employees. Employees read with `video.view` (VS-7) and write with `video.conduct`:
 * answering a customer is the written side of conducting their calls (VS-2, VS-5), while
 * `video.manage` administers the devices and their codes. A code user only ever reaches the
 * tickets of the device their token stands for.
 */

export const VIDEO_TICKET_TITLE_MAX = 200;
export const VIDEO_MESSAGE_MAX = 4000;
export const VIDEO_EXTERNAL_REF_MAX = 120;
/** How many tickets a list answers, the most recently active first. */
export const VIDEO_TICKETS_LISTED = 200;

const text = (max: number) => z.string().trim().max(max);
const title = text(VIDEO_TICKET_TITLE_MAX).min(1);
const message = text(VIDEO_MESSAGE_MAX).min(1);
/** The ticket's reference in the company's own ITSM (as Insights' `ticket` field): empty for none. */
const externalRef = text(VIDEO_EXTERNAL_REF_MAX);
const id = z.string().max(64);

export const videoTicketStatusSchema = z.enum(['open', 'closed']);

/** Who opened a ticket or wrote a message: an employee (by name), or the device's code user. */
export const videoTicketAuthorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('employee'), name: z.string() }),
  z.object({ kind: z.literal('code-user') }),
]);
export type VideoTicketAuthor = z.infer<typeof videoTicketAuthorSchema>;

export const videoTicketSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  title: z.string(),
  status: videoTicketStatusSchema,
  externalRef: z.string(),
  createdBy: videoTicketAuthorSchema,
  createdAt: z.string(),
  /** The last message, or the last change of status. */
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type VideoTicket = z.infer<typeof videoTicketSchema>;

export const videoTicketMessageSchema = z.object({
  id: z.string(),
  author: videoTicketAuthorSchema,
  body: z.string(),
  createdAt: z.string(),
});
export type VideoTicketMessage = z.infer<typeof videoTicketMessageSchema>;

/** A ticket with its whole conversation, oldest message first. */
export const videoTicketThreadSchema = videoTicketSchema.extend({ messages: z.array(videoTicketMessageSchema) });
export type VideoTicketThread = z.infer<typeof videoTicketThreadSchema>;

/** What a code user sees: the company's ITSM reference is the company's own. */
const codeUserTicketSchema = videoTicketSchema.omit({ externalRef: true });
const codeUserThreadSchema = videoTicketThreadSchema.omit({ externalRef: true });

const listQuery = z.object({ status: videoTicketStatusSchema.optional() }).strict();
const ticketParams = z.object({ id });
const messageBody = z.object({ body: message }).strict();
const notFound = { 404: ['not_found'] } as const;

export const videoTicketRoutes = defineRoutes({
  'video.tickets.list': {
    method: 'GET',
    path: '/api/v1/video/tickets',
    tag: 'video',
    summary: 'The company’s tickets, the most recently active first (200 at most); by device and status',
    auth: 'user',
    permission: 'video.view',
    query: listQuery.extend({ deviceId: id.optional() }).strict(),
    status: 200,
    response: z.object({ tickets: z.array(videoTicketSchema) }),
  },
  'video.tickets.get': {
    method: 'GET',
    path: '/api/v1/video/tickets/:id',
    tag: 'video',
    summary: 'One ticket of the company with its conversation',
    auth: 'user',
    permission: 'video.view',
    params: ticketParams,
    status: 200,
    response: videoTicketThreadSchema,
    errors: notFound,
  },
  'video.tickets.create': {
    method: 'POST',
    path: '/api/v1/video/tickets',
    tag: 'video',
    summary: 'Open a ticket for one of the company’s devices, with a first message if given',
    auth: 'user',
    permission: 'video.conduct',
    body: z.object({ deviceId: id, title, externalRef: externalRef.default(''), message: message.optional() }).strict(),
    status: 201,
    response: videoTicketThreadSchema,
    errors: notFound,
  },
  'video.tickets.update': {
    method: 'PUT',
    path: '/api/v1/video/tickets/:id',
    tag: 'video',
    summary: 'Close or reopen a ticket, or change its ITSM reference',
    auth: 'user',
    permission: 'video.conduct',
    params: ticketParams,
    body: z
      .object({ status: videoTicketStatusSchema.optional(), externalRef: externalRef.optional() })
      .strict()
      .refine((change) => change.status !== undefined || change.externalRef !== undefined, {
        message: 'Say what changes: status, externalRef or both.',
      }),
    status: 200,
    response: videoTicketSchema,
    errors: notFound,
  },
  'video.tickets.post': {
    method: 'POST',
    path: '/api/v1/video/tickets/:id/messages',
    tag: 'video',
    summary: 'Answer in a ticket’s conversation (an open ticket only)',
    auth: 'user',
    permission: 'video.conduct',
    params: ticketParams,
    body: messageBody,
    status: 201,
    response: videoTicketMessageSchema,
    errors: { ...notFound, 409: ['video_ticket_closed'] },
  },
  'video.codeUser.tickets.list': {
    method: 'GET',
    path: '/api/v1/video/me/tickets',
    tag: 'video',
    summary: 'The code user’s device’s tickets, the most recently active first (200 at most)',
    auth: 'code-user',
    description: CODE_USER_AUTH_DESCRIPTION,
    query: listQuery,
    status: 200,
    response: z.object({ tickets: z.array(codeUserTicketSchema) }),
  },
  'video.codeUser.tickets.get': {
    method: 'GET',
    path: '/api/v1/video/me/tickets/:id',
    tag: 'video',
    summary: 'One ticket of the code user’s device with its conversation',
    auth: 'code-user',
    description: CODE_USER_AUTH_DESCRIPTION,
    params: ticketParams,
    status: 200,
    response: codeUserThreadSchema,
    errors: notFound,
  },
  'video.codeUser.tickets.create': {
    method: 'POST',
    path: '/api/v1/video/me/tickets',
    tag: 'video',
    summary: 'A code user opens a ticket for their device, saying what is wrong',
    auth: 'code-user',
    description: CODE_USER_AUTH_DESCRIPTION,
    body: z.object({ title, message }).strict(),
    status: 201,
    response: codeUserThreadSchema,
  },
  'video.codeUser.tickets.post': {
    method: 'POST',
    path: '/api/v1/video/me/tickets/:id/messages',
    tag: 'video',
    summary: 'A code user writes in their device’s ticket (an open ticket only)',
    auth: 'code-user',
    description: CODE_USER_AUTH_DESCRIPTION,
    params: ticketParams,
    body: messageBody,
    status: 201,
    response: videoTicketMessageSchema,
    errors: { ...notFound, 409: ['video_ticket_closed'] },
  },
});

/** The employees' routes as IPC channels (code users' routes are none: they come from a browser). */
export const videoTicketChannels = endpointChannels(videoTicketRoutes);
