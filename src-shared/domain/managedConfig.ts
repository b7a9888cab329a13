import { z } from 'zod';
import { accessControlSchema } from '../consent/decision';

/** DP-2: what IT may set for Tandem on a computer. */
export const MANAGED_SETTINGS = [
  'cloudUrl',
  'enrollmentToken',
  'quickSupportModule',
  'insightsLogging',
  'updateChannel',
  'allowUpdatePostpone',
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
});
export const enrollmentTokenCreatedSchema = enrollmentTokenSchema.extend({ token: z.string() });
export const enrollmentResultSchema = z.object({ companyId: z.string(), companyName: z.string() });
