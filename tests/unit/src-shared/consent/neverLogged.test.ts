import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NEVER_LOGGED, neverLoggedList } from '../../../../src-shared/consent/neverLogged';
import { exportTexts } from '../../../../src-shared/insights/summaryText';
import { de } from '../../../../src-renderer/i18n/de';
import { en } from '../../../../src-renderer/i18n/en';

/** SI-5: what is never logged reads the same wherever Tandem says it. */
describe('the never-logged list', () => {
  it('is one list: the pop-up, the exported documents and the README say exactly it', () => {
    expect(NEVER_LOGGED.en).toEqual(['screen images', 'keystrokes', 'file contents', 'clipboard contents']);
    expect(NEVER_LOGGED.de).toHaveLength(NEVER_LOGGED.en.length);
    const popUp = (language: 'en' | 'de') =>
      (language === 'en' ? en : de).consent.never.replace('{{list}}', neverLoggedList(language));
    for (const language of ['en', 'de'] as const) {
      expect(exportTexts(language).neverLogged).toBe(popUp(language));
    }
    const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`Never: ${neverLoggedList('en')}.`);
  });
});
