import { z } from 'zod';
import { accessControlSchema } from '../consent/decision';
import { errorCodeSchema } from '../errors';

/** DP-2: what IT may set for Tandem on a computer. */
export const MANAGED_SETTINGS = [
  'cloudUrl',
  'enrollmentToken',
  'quickSupportModule',
  'insightsLogging',
  'updateChannel',
  'allowUpdatePostpone',
  'keepHelpSession',
  'startAtLogin',
] as const;
export const managedSettingSchema = z.enum(MANAGED_SETTINGS);
export type ManagedSetting = z.infer<typeof managedSettingSchema>;

/**
 * DP-2: one schema for every source — Windows policies in the registry, macOS managed preferences,
 * Linux `/etc/tandem/policy.json`. A setting listed in `enforced` is locked; the others are defaults
 * the user may change.
 */
export const managedConfigSchema = z
  .object({
    /** The company's cloud endpoint. */
    cloudUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Joins the company as a managed device at first start, without anyone signing in. */
    enrollmentToken: z.string().trim().min(16).max(200).optional(),
    /** Runs as this QuickSupport module (branding, the host side only). */
    quickSupportModule: z.string().trim().min(1).max(100).optional(),
    /** The access control *Session Insights logging*. */
    insightsLogging: accessControlSchema.optional(),
    updateChannel: z.enum(['stable', 'beta']).optional(),
    /** Whether the user may postpone an update. */
    allowUpdatePostpone: z.boolean().optional(),
    /** LV-4 *Keep session*: asking for help goes on after Tandem restarts, with the same ID. */
    keepHelpSession: z.boolean().optional(),
    /** RS-1: Tandem starts when a user signs in to the computer, in the tray (Windows, macOS). */
    startAtLogin: z.boolean().optional(),
    /** LV-1: tags a supporter sees (and searches) on this computer's help sessions, e.g. its department. */
    tags: z.array(z.string().trim().min(1).max(80)).max(10).optional(),
    enforced: z.array(managedSettingSchema).default([]),
  })
  .strict();
export type ManagedConfig = z.infer<typeof managedConfigSchema>;

/** DP-2: an enrolment token as administrators see it (the token itself only when created). */
export const enrollmentTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  uses: z.number().int(),
  /** How many devices may enrol with it; null: no limit. */
  maxUses: z.number().int().positive().nullable(),
});
/** DP-2: what an administrator asks for when creating an enrolment token. */
export const enrollmentTokenRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    validDays: z.number().int().min(1).max(3650).default(365),
    maxUses: z.number().int().min(1).max(100_000).nullable().optional(),
  })
  .strict();
export const enrollmentTokenCreatedSchema = enrollmentTokenSchema.extend({ token: z.string() });
export const enrollmentResultSchema = z.object({ companyId: z.string(), companyName: z.string() });

/** AC-2: a device's company as the device itself sees it (unmanaged devices may leave on their own). */
export const deviceMembershipSchema = z.object({
  companyId: z.string().nullable(),
  companyName: z.string().nullable(),
  /** Joined with IT's enrolment token: only the company's administrators remove it. */
  managed: z.boolean(),
  joinedAt: z.string().nullable(),
  /** The enrolment token's name (managed) or the e-mail of the user who added it (unmanaged). */
  joinedVia: z.string().nullable(),
});
export type DeviceMembership = z.infer<typeof deviceMembershipSchema>;

/** AC-2: one of the company's devices, for its administrators. */
export const companyDeviceSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  platform: z.string(),
  /** The Tandem version it last registered with; null for versions that did not say. */
  appVersion: z.string().nullable(),
  managed: z.boolean(),
  joinedAt: z.string().nullable(),
  joinedVia: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  /** Connected to the endpoint's signaling hub right now. */
  online: z.boolean(),
  /** Unattended access on (a permanent password is set); null: the device has not said. */
  unattended: z.boolean().nullable(),
  /** The policy assigned to it (managed devices only), if any. */
  policyId: z.string().nullable(),
  policyName: z.string().nullable(),
});
export type CompanyDevice = z.infer<typeof companyDeviceSchema>;

/** DP-2: what became of IT's enrolment token on this computer, for the user to read. */
export const enrollmentStatusSchema = z.discriminatedUnion('state', [
  /** The managed configuration holds no token. */
  z.object({ state: z.literal('not_configured') }),
  z.object({ state: z.literal('pending') }),
  z.object({ state: z.literal('enrolled'), companyName: z.string() }),
  z.object({ state: z.literal('failed'), code: errorCodeSchema, message: z.string() }),
]);
export type EnrollmentStatus = z.infer<typeof enrollmentStatusSchema>;

/** What the app shows about its company: the membership and what became of IT's token. */
export const companyMembershipViewSchema = deviceMembershipSchema.extend({ enrollment: enrollmentStatusSchema });
export type CompanyMembershipView = z.infer<typeof companyMembershipViewSchema>;
