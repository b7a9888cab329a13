import { z } from 'zod';
import { answerSchema, consentDecisionSchema, hostFactsSchema, supporterFactsSchema } from '../consent/decision';

/** What both sides see about a session's Session Insights logging. */
export const sessionConsentSchema = z.object({
  decision: consentDecisionSchema,
  answer: answerSchema,
  /** While the end user is being asked: when the question times out (no answer = deny). */
  promptExpiresAt: z.iso.datetime().nullable(),
  /** The company the summary would belong to, by name where known. */
  ownerName: z.string().nullable(),
});
export type SessionConsent = z.infer<typeof sessionConsentSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  requestId: z.string(),
  at: z.iso.datetime(),
  deviceId: z.string(),
  supporter: supporterFactsSchema,
  host: hostFactsSchema,
  answer: answerSchema,
  decision: consentDecisionSchema,
  policyVersion: z.number().int().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const sessionEventKindSchema = z.enum([
  'session_started',
  'control',
  'chat',
  'file',
  'clipboard_used',
  'note',
  'foreground',
  'session_ended',
]);
export const sessionEventSchema = z.object({
  kind: sessionEventKindSchema,
  /** Never screen images or keystrokes: names, sizes, message text, control changes. */
  data: z.record(z.string(), z.union([z.string().max(4000), z.number(), z.boolean(), z.null()])),
});
export type SessionEventInput = z.infer<typeof sessionEventSchema>;
