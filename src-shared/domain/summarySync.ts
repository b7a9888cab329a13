import { z } from 'zod';
import { summaryFieldsSchema } from './summary';

/**
 * SI-14: what the desktop cache and the cloud endpoint exchange. Each change carries an
 * idempotency key (a retried push applies once) and the version it was based on.
 */
export const summaryChangeSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('upsert'),
      key: z.uuid(),
      id: z.uuid(),
      requestId: z.string().min(1).max(100),
      /** 0 for a summary the endpoint has never seen. */
      baseVersion: z.number().int().min(0),
      createdAt: z.iso.datetime(),
      fields: summaryFieldsSchema,
    })
    .strict(),
  z.object({ op: z.literal('delete'), key: z.uuid(), id: z.uuid(), baseVersion: z.number().int().min(0) }).strict(),
]);
export type SummaryChange = z.infer<typeof summaryChangeSchema>;

export const summaryPushSchema = z.object({ changes: z.array(summaryChangeSchema).min(1).max(250) }).strict();

/** A summary as the endpoint holds it; a deleted one is a tombstone without content. */
export const syncedSummarySchema = z.object({
  id: z.uuid(),
  requestId: z.string(),
  version: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  deleted: z.boolean(),
  fields: summaryFieldsSchema.nullable(),
  /** Who wrote this version: a user's name; null for the summarizer or a company device. */
  updatedBy: z.string().nullable().default(null),
});
export type SyncedSummary = z.infer<typeof syncedSummarySchema>;

export const summaryPushResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('applied'),
    id: z.uuid(),
    version: z.number().int(),
    /** When the endpoint applied it: the one time every device shows for this version. */
    updatedAt: z.string().optional(),
  }),
  /** Edit against edit: the endpoint's copy comes back and the user resolves. */
  z.object({ status: z.literal('conflict'), id: z.uuid(), server: syncedSummarySchema }),
  z.object({ status: z.literal('refused'), id: z.uuid(), reason: z.string() }),
]);
export type SummaryPushResult = z.infer<typeof summaryPushResultSchema>;

export const summaryPullSchema = z.object({
  changes: z.array(syncedSummarySchema),
  /** Pass it back as `since` for the next page. */
  cursor: z.number().int().min(0),
  more: z.boolean(),
});

/** What the UI shows about sync: synced, N pending, offline, signed out or an error. */
export const syncStatusSchema = z.object({
  state: z.enum(['synced', 'pending', 'offline', 'signed_out', 'error']),
  pending: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  message: z.string().optional(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;
