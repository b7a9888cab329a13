import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../../src-renderer/reports/formatDuration';

describe('a session’s length as the history shows it', () => {
  it('gives seconds, minutes and seconds, or hours and minutes, in the UI’s language', () => {
    expect(formatDuration(0.4, 'en')).toBe('0 sec');
    expect(formatDuration(45, 'en')).toBe('45 sec');
    expect(formatDuration(60, 'en')).toBe('1 min');
    expect(formatDuration(12 * 60 + 5, 'en')).toBe('12 min 5 sec');
    expect(formatDuration(3600, 'en')).toBe('1 hr');
    expect(formatDuration(3600 + 12 * 60 + 59, 'en')).toBe('1 hr 12 min');
    expect(formatDuration(12 * 60 + 5, 'de')).toBe('12 Min. 5 Sek.');
    expect(formatDuration(2 * 3600 + 60, 'de')).toBe('2 Std. 1 Min.');
  });

  it('never shows a negative length (clocks that disagree)', () => {
    expect(formatDuration(-3, 'en')).toBe('0 sec');
  });
});
