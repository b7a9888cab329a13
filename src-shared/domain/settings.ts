import { z } from 'zod';

export const languageSchema = z.enum(['en', 'de']);
export type Language = z.infer<typeof languageSchema>;

/** The user's own preferences, kept by the main core. `null` language = follow the OS. */
export const settingsSchema = z.object({
  language: languageSchema.nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
