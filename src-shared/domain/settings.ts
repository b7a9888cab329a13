import { z } from 'zod';

export const languageSchema = z.enum(['en', 'de']);
export type Language = z.infer<typeof languageSchema>;

/** The user's own preferences, kept by the main core. `null` = the default applies. */
export const settingsSchema = z.object({
  /** null: follow the OS language */
  language: languageSchema.nullable(),
  /** How this user is named to the people they help (until accounts name them). */
  displayName: z.string().trim().min(1).max(80).nullable(),
  company: z.string().trim().max(80).nullable(),
  /** RS-1: characters in the one-time password (null: the default, 8). */
  oneTimePasswordLength: z.number().int().min(8).max(32).nullable(),
  /** SI-5: the host's access control *Session Insights logging* (null: the policy's or After confirmation). */
  insightsLogging: z.enum(['allowed', 'denied', 'after_confirmation']).nullable(),
  /** The end user switched off an unenforced *Connection reporting and Session Insight (AI)* policy setting. */
  insightsPolicyOptOut: z.boolean().nullable(),
  /** LV-4 *Keep session*: asking for help goes on after Tandem restarts, with the same help session ID (null: IT's or off). */
  keepHelpSession: z.boolean().nullable(),
  /** RS-1: Tandem starts when the user signs in to the computer (null: IT's default, else on while unattended access is set). */
  startAtLogin: z.boolean().nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
