import { describe, expect, it } from 'vitest';
import { currentPresence, locationFromTimeZone } from '../../../../../src-main/core/liveview/helpPresence';

describe('the presence a supporter sees (LV-1)', () => {
  it('names the place of the OS time zone, readable', () => {
    expect(locationFromTimeZone('Europe/Berlin')).toBe('Berlin, Europe');
    expect(locationFromTimeZone('America/New_York')).toBe('New York, America');
    expect(locationFromTimeZone('America/Argentina/Buenos_Aires')).toBe('Buenos Aires, Argentina');
    expect(locationFromTimeZone('UTC')).toBeNull();
    expect(locationFromTimeZone('Etc/GMT+2')).toBeNull();
  });

  it('is active only while Tandem is in front and had input within a minute', () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    const sources = { foreground: null, tags: () => ['Finance'], now: () => now, timeZone: () => 'Europe/Vienna' };
    const at = (focused: boolean, secondsAgo: number | null) =>
      currentPresence(sources, { focused, lastInputAt: secondsAgo === null ? null : now - secondsAgo * 1000 }, null)
        .status;
    expect(at(true, 5)).toBe('active');
    expect(at(false, 5)).toBe('idle');
    expect(at(true, 61)).toBe('idle');
    expect(at(true, null)).toBe('idle');
  });

  it('tags the signed-in user, IT’s tags and Your name once each', () => {
    const presence = currentPresence(
      { foreground: () => ({ app: ' Excel ', title: '' }), tags: () => ['Erika', 'Finance'], now: Date.now },
      { focused: true, lastInputAt: Date.now() },
      'Erika',
    );
    expect(presence).toMatchObject({ foregroundApp: 'Excel', tags: ['Erika', 'Finance'] });
  });
});
