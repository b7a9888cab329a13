import { z } from 'zod';
import { issueTypeSchema, summaryFieldsSchema, summaryFilterSchema } from './summary';

/** SI-10: the formats a summary export can take. */
export const exportFormatSchema = z.enum(['pdf', 'docx', 'markdown', 'html', 'json', 'csv']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

export const EXPORT_FILES: Record<ExportFormat, { extension: string; mime: string }> = {
  pdf: { extension: 'pdf', mime: 'application/pdf' },
  docx: { extension: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  markdown: { extension: 'md', mime: 'text/markdown' },
  html: { extension: 'html', mime: 'text/html' },
  json: { extension: 'json', mime: 'application/json' },
  csv: { extension: 'csv', mime: 'text/csv' },
};

/** What to export: the chosen summaries, or every summary the filter matches. */
export const exportRequestSchema = z
  .object({
    ids: z.array(z.string().max(100)).min(1).max(100_000).optional(),
    filter: summaryFilterSchema.optional(),
    format: exportFormatSchema,
    language: z.enum(['en', 'de']),
  })
  .strict()
  .refine((request) => (request.ids === undefined) !== (request.filter === undefined), {
    message: 'Export either chosen summaries (ids) or a filter, not both.',
  });
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export const exportProgressSchema = z.object({
  exportId: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
  /** Once done: the file name offered for saving, its size and type. */
  fileName: z.string().optional(),
  bytes: z.number().int().optional(),
  mime: z.string().optional(),
  error: z.string().optional(),
});
export type ExportProgress = z.infer<typeof exportProgressSchema>;

/** The JSON export: stable keys, localized labels and dates next to the raw values. */
export const summaryExportJsonSchema = z.object({
  format: z.literal('tandem.session-insights'),
  version: z.literal(1),
  language: z.enum(['en', 'de']),
  exportedAt: z.iso.datetime(),
  summaries: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number().int(),
      startedLocal: z.string(),
      issueTypes: z.array(z.object({ type: issueTypeSchema, label: z.string(), confidence: z.number() })),
      /** Set where the summary could not be written in the chosen language. */
      languageNote: z.string().nullable(),
      fields: summaryFieldsSchema,
    }),
  ),
});
export type SummaryExportJson = z.infer<typeof summaryExportJsonSchema>;
