import { z } from 'zod';
import { hostFactsSchema, supporterFactsSchema } from '../consent/decision';

/** AC-1, SI-7: what a role may do. Every API route names the permission it needs. */
export const permissionSchema = z.enum([
  'insights.view',
  'insights.edit',
  'insights.delete',
  'insights.export',
  'insights.manage_settings',
  'admin.users',
  'admin.devices',
  'admin.policies',
  'admin.modules',
  'admin.integrations',
  'admin.audit',
  /** LV-1, LV-2: see the company's open help sessions and connect to them by their ID. */
  'liveview.view',
  /** LV (Computers): see the company's computers, online or not, and connect to them. */
  'computers.view',
  /** VS-7: see the company's video sessions, devices and tickets. */
  'video.view',
  /** VS-1, VS-3: manage the devices with codes and create video sessions. */
  'video.manage',
  /** VS-2, VS-5: be notified of requests, confirm them and conduct the calls. */
  'video.conduct',
]);
export type Permission = z.infer<typeof permissionSchema>;
export const ALL_PERMISSIONS = permissionSchema.options;

/** Policy settings IT can set on managed devices (AC-2); each may be enforced. */
export const policySettingsSchema = z.object({
  /** *Connection reporting and Session Insight (AI)* */
  sessionInsights: z.object({ value: z.boolean(), enforced: z.boolean() }).optional(),
  /** The host's access control *Session Insights logging* */
  insightsLogging: z
    .object({ value: z.enum(['allowed', 'denied', 'after_confirmation']), enforced: z.boolean() })
    .optional(),
});
export type PolicySettings = z.infer<typeof policySettingsSchema>;

export const aiSettingsSchema = z.object({
  activated: z.boolean(),
  activatedAt: z.iso.datetime().nullable(),
  termsAcceptedBy: z.string().nullable(),
  outgoing: z.object({ enabled: z.boolean(), scope: z.enum(['all_company_users', 'quicksupport_modules']) }),
  incoming: z.object({ enabled: z.boolean(), scope: z.enum(['all_company_devices', 'managed_devices_with_policy']) }),
  language: z.enum(['en', 'de']),
});
export type AiSettings = z.infer<typeof aiSettingsSchema>;

export const AI_TERMS_VERSION = '2026-11';

export const accountStatusSchema = z.union([
  z.object({ signedIn: z.literal(false) }),
  z.object({
    signedIn: z.literal(true),
    /** The user's ID: who they are in lists that name people (a video session's assignees). */
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    companyId: z.string(),
    companyName: z.string(),
    permissions: z.array(permissionSchema),
    /** SI-1: the company has turned Session Insights on (its AI settings are activated). */
    insightsOn: z.boolean(),
  }),
]);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

/** AC-3: a custom QuickSupport module's public configuration. */
export const quickSupportModuleSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  name: z.string(),
  logo: z.string().nullable(),
  welcomeText: z.string(),
  insightsEnabled: z.boolean(),
});
export type QuickSupportModule = z.infer<typeof quickSupportModuleSchema>;

/** AC-2: one of the company's policies, for its administrators, with how many devices use it. */
export const companyPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  settings: policySettingsSchema,
  version: z.number().int(),
  updatedAt: z.string(),
  /** How many of the company's devices have it assigned (they lose it when it is removed). */
  devices: z.number().int().nonnegative(),
});
export type CompanyPolicy = z.infer<typeof companyPolicySchema>;

/** What an admin may change in the AI settings; activating requires accepting the terms. */
export const aiSettingsChangeSchema = z
  .object({
    activate: z.object({ acceptTerms: z.literal(true) }).optional(),
    deactivate: z.literal(true).optional(),
    outgoing: aiSettingsSchema.shape.outgoing.optional(),
    incoming: aiSettingsSchema.shape.incoming.optional(),
    language: aiSettingsSchema.shape.language.optional(),
  })
  .strict();

export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roleId: z.string(),
  logSessions: z.boolean(),
  /** A disabled user cannot sign in; their sessions and API tokens ended when it was set. */
  disabled: z.boolean(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const roleSchema = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(permissionSchema),
  /** How many users hold the role. */
  users: z.number().int().nonnegative(),
});
export type Role = z.infer<typeof roleSchema>;
export const roleChangeSchema = z.object({
  name: z.string().trim().min(1, 'Give the role a name.').max(80),
  permissions: z.array(permissionSchema),
});

export const newUserSchema = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(10, 'a password has at least 10 characters').max(200),
  roleId: z.string().min(1).max(100),
});

/** Who changed which role or user, and when (the account audit). */
export const accountAuditEntrySchema = z.object({
  at: z.string(),
  actorId: z.string(),
  actor: z.string(),
  action: z.enum([
    'role.create',
    'role.update',
    'role.remove',
    'user.create',
    'user.role',
    'user.disable',
    'user.enable',
    'user.remove',
    'user.revoke_sessions',
    'user.log_sessions',
    'user.totp',
  ]),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AccountAuditEntry = z.infer<typeof accountAuditEntrySchema>;

/** SI-11: a company's AI credits. */
export const creditsSchema = z.object({
  balance: z.number().int().nonnegative(),
  plan: z.enum(['business', 'premium', 'corporate', 'tensor']),
  packs: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['grant', 'purchase']),
      grantedAt: z.string(),
      expiresAt: z.string(),
      remaining: z.number().int(),
    }),
  ),
});
export type Credits = z.infer<typeof creditsSchema>;

/** GET /api/v1/me: the signed-in user, their permissions and their side of consent decisions. */
export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  summaryLanguage: z.enum(['en', 'de']),
  permissions: z.array(permissionSchema),
  supporterFacts: supporterFactsSchema,
});

/** GET /api/v1/devices/me/facts: the cloud endpoint's side of a host's consent facts. */
export const deviceFactsSchema = hostFactsSchema
  .omit({ accessControl: true, quickSupportModule: true })
  .extend({ policySettings: policySettingsSchema.nullable(), summaryLanguage: z.enum(['en', 'de']) });
