import { z } from 'zod';

/** The documented taxonomy of issue types (SI-8). */
export const issueTypeSchema = z.enum([
  'printing',
  'network_vpn',
  'email',
  'accounts_passwords',
  'performance',
  'software_install_update',
  'hardware_peripherals',
  'security_malware',
  'other',
]);
export type IssueType = z.infer<typeof issueTypeSchema>;

/** SI-8: what a summary says about a session. */
export const summaryFieldsSchema = z.object({
  language: z.enum(['en', 'de']),
  title: z.string().trim().min(1, 'A summary needs a title.').max(200, 'Keep the title under 200 characters.'),
  problem: z.string().max(2000),
  actionsTaken: z.array(z.string().max(500)).max(50),
  outcome: z.string().max(1000),
  followUps: z.array(z.string().max(500)).max(20),
  issueTypes: z
    .array(z.object({ type: issueTypeSchema, confidence: z.number().min(0).max(1) }))
    .min(1)
    .max(9),
  applications: z.array(z.string().max(120)).max(50),
  participants: z.array(z.object({ role: z.enum(['supporter', 'end_user']), name: z.string().max(120) })),
  device: z.object({ id: z.string(), os: z.enum(['windows', 'macos', 'linux', 'unknown']) }),
  startedAt: z.iso.datetime(),
  durationSeconds: z.number().nonnegative(),
  /** Which summarizer wrote it; the built-in one is named honestly as "no AI". */
  summarizer: z.enum(['builtin', 'openai-compatible']),
  /** Shown with the summary, e.g. why the built-in summarizer stood in for the AI one. */
  note: z.string().max(500).nullable(),
  /** SI-12: the help desk's ticket this session belongs to (a ServiceNow incident, a Salesforce case). */
  ticket: z
    .string()
    .trim()
    .max(60, 'Keep the ticket number under 60 characters.')
    .regex(/^[\w./-]*$/, 'A ticket number has letters, digits and - _ . / only.')
    .optional(),
});
export type SummaryFields = z.infer<typeof summaryFieldsSchema>;

/**
 * What the full-text search indexes of a summary — title, text, applications, issue types — as the
 * desktop cache and the endpoint's SQLite index both store it (FTS5 columns, in this order).
 */
export function searchColumns(
  fields: SummaryFields,
): [title: string, body: string, applications: string, issueTypes: string] {
  return [
    fields.title,
    [fields.problem, ...fields.actionsTaken, fields.outcome, ...fields.followUps].join('\n'),
    fields.applications.join(' '),
    fields.issueTypes.map((issue) => issue.type.replaceAll('_', ' ')).join(' '),
  ];
}

/** One entry of a session's event log, as summarizers read it. */
export interface LoggedEvent {
  at: string;
  kind: string;
  data: Record<string, unknown>;
}

/** SI-8: which summarizer writes this user's summaries. The API key is never part of it. */
export const summarizerSettingsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin') }).strict(),
  z
    .object({
      kind: z.literal('openai-compatible'),
      /** e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama) */
      baseUrl: z.url({ protocol: /^https?$/, error: 'Enter the service’s base URL, e.g. https://api.openai.com/v1.' }),
      model: z.string().trim().min(1, 'Enter the model’s name.').max(200),
    })
    .strict(),
]);
export type SummarizerSettings = z.infer<typeof summarizerSettingsSchema>;

/** SI-9: what the Insights view narrows the list and the overview to. Within a kind any value matches; kinds combine. */
export const summaryFilterSchema = z
  .object({
    /** Full-text search: every word, as a prefix. */
    query: z.string().max(200).optional(),
    issueTypes: z.array(issueTypeSchema).max(9).optional(),
    applications: z.array(z.string().max(120)).max(20).optional(),
    devices: z.array(z.string().max(40)).max(20).optional(),
    supporters: z.array(z.string().max(120)).max(20).optional(),
    /** Summaries written at or after this moment. */
    from: z.iso.datetime().optional(),
    /** Summaries written before this moment. */
    to: z.iso.datetime().optional(),
  })
  .strict();
export type SummaryFilter = z.infer<typeof summaryFilterSchema>;

/** SI-9: the overview's charts — how many summaries name each issue type and application. */
export const summaryOverviewSchema = z.object({
  total: z.number().int(),
  issueTypes: z.array(z.object({ value: issueTypeSchema, count: z.number().int() })),
  applications: z.array(z.object({ value: z.string(), count: z.number().int() })),
});
export type SummaryOverview = z.infer<typeof summaryOverviewSchema>;

/** One version of a summary as this device saw it: who wrote it (null: the summarizer), and when. */
export const summaryVersionSchema = z.object({
  /** The endpoint's number for this version; null for an edit made here it has not confirmed yet. */
  version: z.number().int().nullable(),
  changedAt: z.string(),
  changedBy: z.string().nullable(),
  fields: summaryFieldsSchema,
});
export type SummaryVersion = z.infer<typeof summaryVersionSchema>;

/** SI-9: what a user may change in a summary; the session's facts (device, people, times, summarizer) stay. */
export const summaryEditSchema = summaryFieldsSchema
  .pick({
    title: true,
    problem: true,
    actionsTaken: true,
    outcome: true,
    followUps: true,
    issueTypes: true,
    applications: true,
    ticket: true,
  })
  .strict();
export type SummaryEdit = z.infer<typeof summaryEditSchema>;
