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
  title: z.string().min(1).max(200),
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
});
export type SummaryFields = z.infer<typeof summaryFieldsSchema>;

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
