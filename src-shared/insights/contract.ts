import { z } from 'zod';
import { creditsSchema } from '../domain/accounts';
import {
  summaryPullSchema,
  summaryPushResultSchema,
  summaryPushSchema,
  syncedSummarySchema,
} from '../domain/summarySync';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';

const pushAnswer = z.object({ results: z.array(summaryPushResultSchema) });
const sessionBody = z.object({ sessionId: z.string().min(1).max(100) });
const reserveAnswer = z.object({ charged: z.boolean(), balance: z.number() });
const refundAnswer = z.object({ refunded: z.boolean() });
const refundDescription =
  'Refused once the endpoint holds the session’s summary; a refunded session whose AI-written summary arrives later is charged again.';

/**
 * SI-11, SI-14: the summary sync of the desktop caches, reading a summary over REST, and the
 * company's AI credits. The signed-in user's company pays for outgoing sessions; a company device
 * pays, with nobody signed in, for the incoming sessions whose summaries belong to its company:
 * each way is its own route.
 */
export const insightsRoutes = defineRoutes({
  'summaries.push': {
    method: 'POST',
    path: '/api/v1/summaries/push',
    tag: 'summaries',
    summary: 'Apply local changes (idempotent per change key); conflicts come back with the endpoint’s copy',
    auth: 'user',
    caller: 'core',
    body: summaryPushSchema,
    status: 200,
    response: pushAnswer,
  },
  'summaries.changes': {
    method: 'GET',
    path: '/api/v1/summaries/changes',
    tag: 'summaries',
    summary: 'The company’s summaries changed after a cursor, tombstones included, oldest first',
    auth: 'user',
    permission: 'insights.view',
    caller: 'core',
    query: z.object({
      since: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(200),
    }),
    status: 200,
    response: summaryPullSchema,
  },
  'devices.me.summaries.push': {
    method: 'POST',
    path: '/api/v1/devices/me/summaries/push',
    tag: 'summaries',
    summary:
      'A company device hands in the summaries of its incoming sessions (new ones only: editing and deleting need a user)',
    auth: 'company-device',
    body: summaryPushSchema,
    status: 200,
    response: pushAnswer,
  },
  'summaries.get': {
    method: 'GET',
    path: '/api/v1/summaries/:id',
    tag: 'summaries',
    summary: 'One summary of the company (a tombstone once deleted); API tokens with *view* may read it',
    auth: 'user',
    permission: 'insights.view',
    params: z.object({ id: z.string().max(100) }),
    status: 200,
    response: syncedSummarySchema,
    errors: { 404: ['not_found'] },
  },
  'admin.credits': {
    method: 'GET',
    path: '/api/v1/credits',
    tag: 'credits',
    summary: 'AI-credit balance, plan and packs',
    auth: 'user',
    permission: 'insights.manage_settings',
    status: 200,
    response: creditsSchema,
  },
  'credits.reserve': {
    method: 'POST',
    path: '/api/v1/credits/reserve',
    tag: 'credits',
    summary: 'Charge one credit for a session (idempotent per session) before its first AI call, as the signed-in user',
    auth: 'user',
    caller: 'core',
    body: sessionBody,
    status: 200,
    response: reserveAnswer,
    errors: { 402: ['no_credits'] },
  },
  'credits.refund': {
    method: 'POST',
    path: '/api/v1/credits/refund',
    tag: 'credits',
    summary: 'Give a session’s credit back when generating its summary failed, as the signed-in user',
    description: refundDescription,
    auth: 'user',
    caller: 'core',
    body: sessionBody,
    status: 200,
    response: refundAnswer,
    errors: { 409: ['summary_exists'] },
  },
  'devices.me.credits.reserve': {
    method: 'POST',
    path: '/api/v1/devices/me/credits/reserve',
    tag: 'credits',
    summary: 'Charge one credit for a session (idempotent per session) before its first AI call, as a company device',
    auth: 'company-device',
    body: sessionBody,
    status: 200,
    response: reserveAnswer,
    errors: { 402: ['no_credits'] },
  },
  'devices.me.credits.refund': {
    method: 'POST',
    path: '/api/v1/devices/me/credits/refund',
    tag: 'credits',
    summary: 'Give a session’s credit back when generating its summary failed, as a company device',
    description: refundDescription,
    auth: 'company-device',
    body: sessionBody,
    status: 200,
    response: refundAnswer,
    errors: { 409: ['summary_exists'] },
  },
});

export const insightsChannels = endpointChannels(insightsRoutes);
