import { settingsSchema, type Settings, type SettingsPatch } from '../../../src-shared/domain/settings';
import type { DesktopDatabase } from '../db/desktopDatabase';

const DEFAULTS: Settings = {
  language: null,
  displayName: null,
  company: null,
  oneTimePasswordLength: null,
  insightsLogging: null,
  insightsPolicyOptOut: null,
  keepHelpSession: null,
  startAtLogin: null,
};

/**
 * The user's settings as one JSON value per key. Values are re-validated on read, so a
 * hand-edited or older row falls back to the default instead of breaking the app.
 */
export class SettingsStore {
  constructor(private readonly db: DesktopDatabase) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // an unreadable row is ignored; the default applies
      }
    }
    const settings: Settings = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
      const parsed = settingsSchema.shape[key].safeParse(stored[key]);
      if (parsed.success) (settings as Record<keyof Settings, unknown>)[key] = parsed.data;
    }
    return settings;
  }

  update(patch: SettingsPatch): Settings {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
