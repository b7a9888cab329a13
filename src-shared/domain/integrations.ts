import { z } from 'zod';
import { permissionSchema } from './accounts';

/** SI-12: what happens to a summary on the cloud endpoint, as webhooks hear of it. */
export const summaryEventSchema = z.enum(['summary.created', 'summary.updated', 'summary.deleted']);
export type SummaryEvent = z.infer<typeof summaryEventSchema>;
/** VS-2: a code user requested a video session (the responsible employees are told at once, and webhooks). */
export const videoSessionEventSchema = z.enum(['video_session.requested']);
/** Every event a webhook may subscribe to. */
export const webhookEventSchema = z.enum([...summaryEventSchema.options, ...videoSessionEventSchema.options]);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

const httpsUrl = z
  .url({ protocol: /^https?$/, error: 'Enter the address, starting with https://.' })
  // Fetch cannot send credentials in a URL, and one there would be stored and listed in clear.
  .refine((url) => !URL.canParse(url) || (!new URL(url).username && !new URL(url).password), {
    error:
      'Leave the user name and password out of the address: the connector has its own fields, and webhooks are signed with their secret.',
  });

export const webhookCreateSchema = z
  .object({ url: httpsUrl, events: z.array(webhookEventSchema).min(1, 'Choose at least one event.') })
  .strict();
export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventSchema),
  createdAt: z.string(),
});
/** Only when it is created: the secret the receiver checks signatures with. */
export const webhookCreatedSchema = webhookSchema.extend({ secret: z.string() });

/** A ServiceNow instance: summaries become work notes on the incident named in the summary. */
export const serviceNowConfigSchema = z
  .object({
    instanceUrl: httpsUrl,
    username: z.string().trim().min(1, 'Enter the integration user’s name.').max(200),
    /** Write-only: absent keeps the stored one, but only while the instance URL stays the same. */
    password: z.string().min(1).max(500).optional(),
  })
  .strict();
/** A Salesforce org: summaries become comments on the case named in the summary. */
export const salesforceConfigSchema = z
  .object({
    instanceUrl: httpsUrl,
    /** Write-only: absent keeps the stored one, but only while the instance URL stays the same. */
    accessToken: z.string().min(1).max(2000).optional(),
  })
  .strict();

/**
 * Whether two instance URLs name the same target (scheme, host, port and path; a trailing slash
 * aside). A connector's stored secret is sent only to the instance it was entered for.
 */
export function sameInstance(a: string | null, b: string | null): boolean {
  const normal = (url: string | null) => {
    if (!url || !URL.canParse(url)) return null;
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  };
  const left = normal(a);
  return left !== null && left === normal(b);
}
export const connectorKindSchema = z.enum(['servicenow', 'salesforce']);
export type ConnectorKind = z.infer<typeof connectorKindSchema>;

export const connectorStatusSchema = z.object({
  kind: connectorKindSchema,
  enabled: z.boolean(),
  instanceUrl: z.string().nullable(),
  username: z.string().nullable(),
  secretSet: z.boolean(),
});

export const deliverySchema = z.object({
  id: z.string(),
  target: z.string(),
  event: webhookEventSchema,
  /** What the delivery is about: the summary's ID, or the video session's for `video_session.*`. */
  summaryId: z.string(),
  ticket: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const apiTokenCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the token a name.').max(80),
    permissions: z.array(permissionSchema).min(1, 'Choose at least one permission.'),
  })
  .strict();
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(permissionSchema),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
/** Only when it is created: the token itself. */
export const apiTokenCreatedSchema = apiTokenSchema.extend({ token: z.string() });

/** The body of a webhook delivery about a summary. */
export const summaryWebhookPayloadSchema = z.object({
  id: z.string(),
  event: summaryEventSchema,
  createdAt: z.string(),
  companyId: z.string(),
  summary: z.object({
    id: z.string(),
    version: z.number().int(),
    deleted: z.boolean(),
    updatedBy: z.string().nullable(),
    fields: z.unknown().nullable(),
  }),
});

/** The body of a webhook delivery about a video session (VS-2). */
export const videoSessionWebhookPayloadSchema = z.object({
  id: z.string(),
  event: videoSessionEventSchema,
  createdAt: z.string(),
  companyId: z.string(),
  videoSession: z.object({
    id: z.string(),
    device: z.object({ id: z.string(), name: z.string(), customer: z.string() }),
    reason: z.string(),
    ticket: z.object({ id: z.string(), title: z.string() }).nullable(),
    requestedAt: z.string(),
  }),
});

/** The body of a webhook delivery. */
export const webhookPayloadSchema = z.union([summaryWebhookPayloadSchema, videoSessionWebhookPayloadSchema]);
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
