import { z } from 'zod';
import { endpointChannelTable } from '../http/routeTable';
import { cloudStatusSchema } from '../domain/cloud';
import { connectionReportSchema } from '../domain/connectionReport';
import { deviceIdSchema, deviceIdentitySchema } from '../domain/device';
import { screenSourceSchema, sessionCodeSchema, sessionViewSchema } from '../domain/session';
import { settingsPatchSchema, settingsSchema } from '../domain/settings';
import { inputEventSchema } from '../session/inputEvents';
import { fingerprintSchema, peerSignalSchema } from '../signaling/peerMessages';
import { accessSchema, supporterInfoSchema } from '../signaling/protocol';
import { accessControlSchema } from '../consent/decision';
import { accountStatusSchema, quickSupportModuleSchema } from '../domain/accounts';
import { auditEntrySchema, sessionEventSchema } from '../domain/consent';
import {
  summarizerSettingsSchema,
  summaryEditSchema,
  summaryFieldsSchema,
  summaryFilterSchema,
  summaryOverviewSchema,
  summaryVersionSchema,
} from '../domain/summary';
import { syncStatusSchema } from '../domain/summarySync';
import { exportProgressSchema, exportRequestSchema } from '../domain/summaryExport';
import { updateStatusSchema } from '../domain/updates';
import { companyMembershipViewSchema } from '../domain/managedConfig';

/**
 * Every IPC channel between the renderer and the main core, declared once.
 * The preload's `window.tandem`, the typed renderer client, the ipcMain registration and the
 * loopback bridge are all derived from this table: adding a channel means adding one entry.
 */
const empty = z.object({}).strict();
const summaryItemSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  pending: z.boolean(),
  conflict: z.boolean(),
  fields: summaryFieldsSchema,
});
const ok = z.object({});
const requestId = z.object({ requestId: z.uuid() }).strict();

export const ipcChannels = {
  ...endpointChannelTable,
  'app.info': {
    request: empty,
    response: z.object({
      version: z.string(),
      platform: z.string(),
      runtime: z.enum(['electron', 'browser']),
      dataDir: z.string(),
    }),
  },
  'settings.get': { request: empty, response: settingsSchema },
  'settings.update': { request: settingsPatchSchema, response: settingsSchema },
  'device.identity': { request: empty, response: deviceIdentitySchema },
  'device.rotatePassword': { request: empty, response: deviceIdentitySchema },
  'cloud.status': {
    request: z.object({ refresh: z.boolean().optional() }).strict(),
    response: cloudStatusSchema,
  },
  'device.unattendedStatus': { request: empty, response: z.object({ hasPermanentPassword: z.boolean() }) },
  'device.setPermanentPassword': {
    request: z.object({ password: z.string().min(8).max(128).nullable() }).strict(),
    response: z.object({ hasPermanentPassword: z.boolean() }),
  },
  'signaling.status': {
    request: empty,
    response: z.object({ state: z.enum(['connecting', 'online', 'offline']) }),
  },
  /** The renderer's WebRTC certificate, made before any session, to which handshakes are bound. */
  'session.registerEndpoint': { request: z.object({ fingerprint: fingerprintSchema }).strict(), response: ok },
  'session.list': { request: empty, response: z.array(sessionViewSchema) },
  'session.connect': {
    request: z
      .object({ partnerId: deviceIdSchema, password: z.string().min(1).max(128), access: accessSchema })
      .strict(),
    response: sessionViewSchema,
  },
  'session.createCode': {
    request: z.object({ access: accessSchema }).strict(),
    response: z.object({ code: z.string(), expiresAt: z.iso.datetime() }),
  },
  'session.lookupCode': {
    request: z.object({ code: sessionCodeSchema }).strict(),
    response: z.object({
      from: deviceIdSchema,
      supporter: supporterInfoSchema,
      access: accessSchema,
      expiresAt: z.iso.datetime(),
    }),
  },
  'session.joinCode': { request: z.object({ code: sessionCodeSchema }).strict(), response: sessionViewSchema },
  'session.answerPrompt': {
    request: z.object({ requestId: z.uuid(), accept: z.boolean(), access: accessSchema.optional() }).strict(),
    response: sessionViewSchema,
  },
  'session.setAccess': {
    request: z.object({ requestId: z.uuid(), access: accessSchema }).strict(),
    response: sessionViewSchema,
  },
  'session.signal': { request: z.object({ requestId: z.uuid(), signal: peerSignalSchema }).strict(), response: ok },
  'session.mediaConnected': { request: requestId, response: sessionViewSchema },
  'session.input': {
    request: z.object({ requestId: z.uuid(), event: inputEventSchema }).strict(),
    response: z.object({ injected: z.boolean(), reason: z.string().nullable() }),
  },
  'session.end': { request: requestId, response: sessionViewSchema },
  'reports.list': { request: empty, response: z.array(connectionReportSchema) },
  /** AC-3: the QuickSupport module this host was started with, or null. */
  'app.module': { request: empty, response: quickSupportModuleSchema.nullable() },
  'account.status': { request: empty, response: accountStatusSchema },
  'account.signIn': {
    request: z
      .object({
        email: z.email(),
        password: z.string().min(1).max(200),
        totp: z
          .string()
          .regex(/^\d{6}$/)
          .optional(),
      })
      .strict(),
    response: accountStatusSchema,
  },
  'account.signOut': { request: empty, response: accountStatusSchema },
  /** SI-5: the Session Insights pop-up's answer, and withdrawing consent mid-session (host). */
  'session.answerConsent': {
    request: z.object({ requestId: z.uuid(), allow: z.boolean() }).strict(),
    response: sessionViewSchema,
  },
  'session.withdrawConsent': { request: requestId, response: sessionViewSchema },
  /** Chat, file names, clipboard use: written to the event log only while consent holds. */
  'session.recordEvent': {
    request: z.object({ requestId: z.uuid(), event: sessionEventSchema }).strict(),
    response: z.object({ logged: z.boolean() }),
  },
  /** AC-2, DP-2: this computer's company, and what became of IT's enrolment token. */
  'company.membership': { request: empty, response: companyMembershipViewSchema },
  /** The signed-in user adds this computer to their company (unmanaged: it may leave again). */
  'company.join': { request: empty, response: companyMembershipViewSchema },
  /** This computer leaves its company; refused for a computer IT enrolled. */
  'company.leave': { request: empty, response: companyMembershipViewSchema },
  'consent.audit': {
    request: empty,
    response: z.object({ entries: z.array(auditEntrySchema), intact: z.boolean(), problem: z.string().nullable() }),
  },
  /** The access control as it applies: the user's choice, or the policy's where enforced. */
  'insights.accessControl': {
    request: empty,
    response: z.object({
      value: accessControlSchema,
      lockedByPolicy: z.boolean(),
      /** DP-2: IT enforced it in this computer's managed configuration. */
      lockedByManaged: z.boolean(),
      policySessionInsights: z.object({ value: z.boolean(), enforced: z.boolean() }).nullable(),
    }),
  },
  // ---- company administration (AC-2 … AC-4, SI-1 … SI-7), as the signed-in user ----
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
    response: z.object({ total: z.number().int(), items: z.array(summaryItemSchema) }),
  },
  /** SI-9: the overview's counts of issue types and applications, for the same filter. */
  'insights.overview': { request: summaryFilterSchema, response: summaryOverviewSchema },
  /** SI-9: the values the filters offer. */
  'insights.facets': {
    request: empty,
    response: z.object({
      applications: z.array(z.string()),
      devices: z.array(z.string()),
      supporters: z.array(z.string()),
    }),
  },
  /** SI-9: one summary with every version this device saw and, in a conflict, the other side's copy. */
  'insights.detail': {
    request: z.object({ id: z.string().max(100) }).strict(),
    response: z.object({
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
    }),
  },
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
  /** DP-3: where updating stands; install restarts Tandem into a downloaded, verified release. */
  'update.status': { request: empty, response: updateStatusSchema },
  'update.install': { request: empty, response: ok },
  /** RS-5: the monitors this computer can share. Empty where the browser's own picker is used. */
  'screens.list': { request: empty, response: z.array(screenSourceSchema) },
  'screens.choose': { request: z.object({ id: z.string().min(1).max(200) }).strict(), response: ok },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

/** Events the main core pushes to every renderer. */
export const ipcEvents = {
  'settings.changed': settingsSchema,
  'device.changed': deviceIdentitySchema,
  'cloud.changed': cloudStatusSchema,
  'signaling.changed': z.object({ state: z.enum(['connecting', 'online', 'offline']) }),
  'session.changed': sessionViewSchema,
  'session.signal': z.object({ requestId: z.uuid(), signal: peerSignalSchema }),
  'insights.changed': z.object({ reason: z.enum(['added', 'updated', 'deleted', 'synced']) }),
  'insights.sync': syncStatusSchema,
  'insights.export': exportProgressSchema,
  'update.changed': updateStatusSchema,
  'company.changed': companyMembershipViewSchema,
} as const satisfies Record<string, z.ZodType>;

export type Channel = keyof typeof ipcChannels;
export type Request<C extends Channel> = z.input<(typeof ipcChannels)[C]['request']>;
export type Response<C extends Channel> = z.output<(typeof ipcChannels)[C]['response']>;
export type EventName = keyof typeof ipcEvents;
export type EventPayload<E extends EventName> = z.output<(typeof ipcEvents)[E]>;

export const channelNames = Object.keys(ipcChannels) as Channel[];
export const eventNames = Object.keys(ipcEvents) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(ipcChannels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(ipcEvents, name);
}

/** Electron channel names carry the app's prefix so nothing else can be invoked. */
export const IPC_PREFIX = 'tandem:';
export const IPC_EVENT_CHANNEL = 'tandem:event';
