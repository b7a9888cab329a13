import { summarizerSettingsSchema, type SummarizerSettings } from '../../../src-shared/domain/summary';
import type { DesktopDatabase } from '../db/desktopDatabase';
import type { SecretProtector } from '../security/secretProtector';

const SETTINGS_KEY = 'summarizer';
const API_KEY = 'summarizer.apiKey';

/**
 * The user's choice of summarizer, kept in the settings table next to the other preferences.
 * The API key is sealed by the OS keychain and leaves this class only towards the AI service.
 */
export class SummarizerSettingsStore {
  constructor(
    private readonly db: DesktopDatabase,
    private readonly protector: SecretProtector,
  ) {}

  get(): SummarizerSettings & { apiKeySet: boolean } {
    const parsed = summarizerSettingsSchema.safeParse(this.#read(SETTINGS_KEY));
    return { ...(parsed.success ? parsed.data : { kind: 'builtin' }), apiKeySet: this.apiKey() !== null };
  }

  /** `apiKey`: a new key, `null` to forget the stored one, absent to keep it. */
  set(settings: SummarizerSettings, apiKey?: string | null): SummarizerSettings & { apiKeySet: boolean } {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      upsert.run(SETTINGS_KEY, JSON.stringify(summarizerSettingsSchema.parse(settings)));
      if (apiKey === null) this.db.prepare('DELETE FROM settings WHERE key = ?').run(API_KEY);
      else if (apiKey !== undefined) upsert.run(API_KEY, JSON.stringify(this.protector.seal(apiKey)));
    })();
    return this.get();
  }

  apiKey(): string | null {
    const sealed = this.#read(API_KEY);
    return typeof sealed === 'string' ? this.protector.open(sealed) : null;
  }

  #read(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    try {
      return row ? JSON.parse(row.value) : undefined;
    } catch {
      return undefined;
    }
  }
}
