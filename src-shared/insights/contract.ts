import { z } from 'zod';
import { creditsSchema } from '../domain/accounts';
import {
  issueTypeSchema,
  summarizerSettingsSchema,
  summaryEditSchema,
  summaryFieldsSchema,
  summaryFilterSchema,
  summaryOverviewSchema,
  summaryVersionSchema,
} from '../domain/summary';
import { exportProgressSchema, exportRequestSchema } from '../domain/summaryExport';
import {
  summaryPullSchema,
  summaryPushResultSchema,
  summaryPushSchema,
  syncedSummarySchema,
  syncStatusSchema,
} from '../domain/summarySync';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { defineIpc, empty, ok } from '../ipc/channel';

const pushAnswer = z.object({ results: z.array(summaryPushResultSchema) });
const sessionBody = z.object({ sessionId: z.string().min(1).max(100) });
const reserveAnswer = z.object({ charged: z.boolean(), balance: z.number() });
const refundAnswer = z.object({ refunded: z.boolean() });
/** A summary as the Insights list shows it: the desktop's cache and the endpoint answer the same shape. */
export const summaryItemSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  pending: z.boolean(),
  conflict: z.boolean(),
  fields: summaryFieldsSchema,
});
const summaryListSchema = z.object({
  total: z.number().int().min(0),
  /** At least `total` match: the desktop counts a search's matches only so far past the page (absent: exact). */
  totalIsLowerBound: z.boolean().optional(),
  items: z.array(summaryItemSchema),
});
const summaryFacetsSchema = z.object({
  applications: z.array(z.string()),
  devices: z.array(z.string()),
  supporters: z.array(z.string()),
});
const summaryDetailSchema = z.object({
  summary: summaryItemSchema,
  history: z.array(summaryVersionSchema),
  conflict: z
    .object({
      version: z.number().int(),
      updatedAt: z.string(),
      updatedBy: z.string().nullable(),
      deleted: z.boolean(),
      fields: summaryFieldsSchema.nullable(),
      /** This device's side of the conflict is a delete: keep it deleted, or restore theirs. */
      deletedHere: z.boolean(),
    })
    .nullable(),
});

/** A query parameter that may repeat (`?applications=a&applications=b`): one value or several, always a list. */
const repeated = <T extends z.ZodType>(item: T, max: number) =>
  z
    .union([item, z.array(item).max(max)])
    .transform((value): z.output<T>[] => (Array.isArray(value) ? value : [value]))
    .optional();

/** `summaryFilterSchema` as query parameters (strings; lists as repeated keys). */
const summaryFilterQuery = z.object({
  query: z.string().max(200).optional(),
  issueTypes: repeated(issueTypeSchema, 9),
  applications: repeated(z.string().max(120), 20),
  devices: repeated(z.string().max(40), 20),
  supporters: repeated(z.string().max(120), 20),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});

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
    description:
      'Pass `cursor` back as `since` for the next page while `more` is true. Changes the caller’s own sign-in session pushed are left out (it already holds them) and do not fill the page. `cursor` is the highest change number the answer accounts for: with `more`, the last change on the page; without, the company’s last change after `since`, the caller’s own included — so after pushing any number of summaries, one request brings the caller up to date, and when nobody else changed anything the answer is an empty page with `more: false`.',
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
  'summaries.list': {
    method: 'GET',
    path: '/api/v1/summaries',
    tag: 'summaries',
    summary:
      'The company’s summaries, newest first, narrowed as the desktop’s Insights filter does (search: every word, as a prefix); deleted ones are not listed',
    auth: 'user',
    permission: 'insights.view',
    query: summaryFilterQuery.extend({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
    status: 200,
    response: summaryListSchema,
  },
  'summaries.overview': {
    method: 'GET',
    path: '/api/v1/summaries/overview',
    tag: 'summaries',
    summary: 'How many of the filtered summaries name each issue type and application (top 15)',
    auth: 'user',
    permission: 'insights.view',
    query: summaryFilterQuery,
    status: 200,
    response: summaryOverviewSchema,
  },
  'summaries.facets': {
    method: 'GET',
    path: '/api/v1/summaries/facets',
    tag: 'summaries',
    summary:
      'What the filters offer: the applications, devices and supporters of the company’s summaries, most frequent first',
    auth: 'user',
    permission: 'insights.view',
    status: 200,
    response: summaryFacetsSchema,
  },
  'summaries.detail': {
    method: 'GET',
    path: '/api/v1/summaries/:id/detail',
    tag: 'summaries',
    summary:
      'One live summary as the Insights view shows it; its history is the current version (the endpoint keeps no older ones)',
    auth: 'user',
    permission: 'insights.view',
    params: z.object({ id: z.string().max(100) }),
    status: 200,
    response: summaryDetailSchema,
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

/** SI-8 … SI-14: the summarizer, the summary cache (list, detail, edit, delete, conflicts), sync and export. */
export const insightsIpc = defineIpc({
  channels: {
    /** SI-8: the summarizer this user's summaries come from; the API key is write-only. */
    'insights.summarizer': {
      request: empty,
      response: z.intersection(summarizerSettingsSchema, z.object({ apiKeySet: z.boolean() })),
    },
    'insights.setSummarizer': {
      request: z
        .object({
          summarizer: summarizerSettingsSchema,
          /** A new key; null forgets the stored one; absent keeps it. */
          apiKey: z.string().trim().min(1).max(500).nullable().optional(),
        })
        .strict(),
      response: z.intersection(summarizerSettingsSchema, z.object({ apiKeySet: z.boolean() })),
    },
    /** SI-14: the state of summary sync with the cloud endpoint; syncNow runs it at once. */
    'insights.syncStatus': { request: empty, response: syncStatusSchema },
    'insights.syncNow': { request: empty, response: syncStatusSchema },
    /** SI-9/SI-14: cached summaries, newest first, narrowed by the filter (search is FTS). */
    'insights.list': {
      request: summaryFilterSchema.extend({
        limit: z.number().int().min(1).max(200),
        offset: z.number().int().min(0),
      }),
      response: summaryListSchema,
    },
    /** SI-9: the overview's counts of issue types and applications, for the same filter. */
    'insights.overview': { request: summaryFilterSchema, response: summaryOverviewSchema },
    /** SI-9: the values the filters offer. */
    'insights.facets': { request: empty, response: summaryFacetsSchema },
    /** SI-9: one summary with every version this device saw and, in a conflict, the other side's copy. */
    'insights.detail': { request: z.object({ id: z.string().max(100) }).strict(), response: summaryDetailSchema },
    /** SI-9: an edit (needs *edit*); saved in the cache at once and synced. */
    'insights.update': {
      request: z.object({ id: z.string().max(100), changes: summaryEditSchema }).strict(),
      response: summaryItemSchema,
    },
    /** SI-9: a delete (needs *delete*): gone here at once, a tombstone for the other devices. */
    'insights.delete': { request: z.object({ id: z.string().max(100) }).strict(), response: ok },
    /** SI-14: the user's choice in a sync conflict. */
    'insights.resolveConflict': {
      request: z.object({ id: z.string().max(100), keep: z.enum(['mine', 'theirs']) }).strict(),
      response: ok,
    },
    /** SI-10: starts an export (needs *export*); progress arrives as `insights.export` events. */
    'insights.export': { request: exportRequestSchema, response: z.object({ exportId: z.string() }) },
    'insights.cancelExport': { request: z.object({ exportId: z.string().max(100) }).strict(), response: ok },
    /** SI-10: a finished export, read in chunks (base64) for the window to save; `next` is null after the last. */
    'insights.exportChunk': {
      request: z.object({ exportId: z.string().max(100), offset: z.number().int().min(0) }).strict(),
      response: z.object({ data: z.string(), next: z.number().int().nullable() }),
    },
  },
  events: {
    'insights.changed': z.object({ reason: z.enum(['added', 'updated', 'deleted', 'synced']) }),
    'insights.sync': syncStatusSchema,
    'insights.export': exportProgressSchema,
  },
});
