import { hostname, release } from 'node:os';
import type { Presence } from '../../../src-shared/liveview/contract';
import type { ForegroundProbe } from '../insights/foregroundWatcher';

/** LV-1: the end user is `active` while Tandem is in front and they gave input within this long. */
export const ACTIVE_INPUT_MS = 60_000;

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = { win32: 'Windows', darwin: 'macOS', linux: 'Linux' };

/**
 * Where the end user is, readable, from the OS time zone: `Europe/Berlin` → `Berlin, Europe`,
 * `America/Argentina/Buenos_Aires` → `Buenos Aires, Argentina`. Null for zones that name no place (`UTC`, `Etc/GMT+2`).
 */
export function locationFromTimeZone(timeZone: string): string | null {
  const parts = timeZone.split('/').map((part) => part.replace(/_/g, ' ').trim());
  if (parts.length < 2 || parts[0] === 'Etc') return null;
  const city = parts.at(-1)!;
  const region = parts.at(-2)!;
  return `${city}, ${region}`.slice(0, 120);
}

/** What the window last said about itself: in front or not, and when the end user last gave input. */
export interface WindowActivity {
  focused: boolean;
  lastInputAt: number | null;
}

export interface PresenceSources {
  /** The application in front; null where it cannot be read. */
  foreground: ForegroundProbe | null;
  /** The signed-in user, the QuickSupport module and IT's tags, read at each report (they change while help is open). */
  tags: () => readonly string[];
  now: () => number;
  timeZone?: () => string;
}

/** LV-1's presence of this computer, as it is right now. */
export function currentPresence(sources: PresenceSources, activity: WindowActivity, yourName: string | null): Presence {
  const now = sources.now();
  const active = activity.focused && activity.lastInputAt !== null && now - activity.lastInputAt < ACTIVE_INPUT_MS;
  const timeZone = (sources.timeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone))();
  const foregroundApp = sources.foreground?.()?.app.trim().slice(0, 200) || null;
  const tags = [...sources.tags(), ...(yourName ? [yourName] : [])]
    .map((tag) => tag.trim().slice(0, 80))
    .filter(Boolean);
  return {
    status: active ? 'active' : 'idle',
    foregroundApp,
    deviceName: hostname().trim().slice(0, 120) || 'device',
    os: { name: OS_NAMES[process.platform] ?? process.platform, version: release().slice(0, 60) },
    location: locationFromTimeZone(timeZone),
    tags: [...new Set(tags)].slice(0, 20),
  };
}
