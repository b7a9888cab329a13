import { describe, expect, it } from 'vitest';
import { summarizeBuiltin } from '../../../../../src-main/core/insights/builtinSummarizer';
import { summaryFieldsSchema, type SummaryFields } from '../../../../../src-shared/domain/summary';
import { germanFixtures } from '../../../../fixtures/summarizer/de';
import { englishFixtures } from '../../../../fixtures/summarizer/en';
import type { Field, SummarizerFixture } from '../../../../fixtures/summarizer/fixture';

const fixtures: SummarizerFixture[] = [...englishFixtures, ...germanFixtures];

/** How each outcome reads, per summary language: what it claims is what the log shows. */
const OUTCOMES: Record<SummarizerFixture['expect']['outcome'], Record<'en' | 'de', RegExp>> = {
  resolved: { en: /^Resolved/, de: /^Gelöst/ },
  not_resolved: { en: /^Not resolved: the end user said “/, de: /^Nicht gelöst: Der Endbenutzer schrieb „/ },
  not_confirmed: { en: /^Not confirmed as resolved/, de: /nicht als gelöst bestätigt/i },
  abandoned: { en: /^Abandoned: the session ended after /, de: /^Abgebrochen: Die Sitzung endete nach / },
  nothing_recorded: {
    en: /^Nothing was recorded in this session/,
    de: /^In dieser Sitzung wurde nichts aufgezeichnet/,
  },
};

/** A title never names a greeting or a thank-you as the problem. */
const PLEASANTRY_TITLE =
  /: (hi|hello|hey|thanks|thank you|danke|vielen dank|hallo|guten (morgen|tag|abend)|moin|servus|ok|yes|ja)\b/i;

function fieldText(summary: SummaryFields, field: Field): string {
  switch (field) {
    case 'actions':
      return summary.actionsTaken.join('\n');
    case 'followUps':
      return summary.followUps.join('\n');
    case 'any':
      return [summary.title, summary.problem, summary.outcome, ...summary.actionsTaken, ...summary.followUps].join(
        '\n',
      );
    default:
      return summary[field];
  }
}

const cases = fixtures.map((fixture) => [`${fixture.language}: ${fixture.name}`, fixture] as const);

describe('the built-in summarizer on the truthfulness fixtures', () => {
  it('has at least 30 fixtures, 12 or more per summary language, with unique names', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(englishFixtures.length).toBeGreaterThanOrEqual(12);
    expect(germanFixtures.length).toBeGreaterThanOrEqual(12);
    expect(englishFixtures.every((fixture) => fixture.language === 'en')).toBe(true);
    expect(germanFixtures.every((fixture) => fixture.language === 'de')).toBe(true);
    expect(new Set(cases.map(([name]) => name)).size).toBe(cases.length);
  });

  it.each(cases)('%s', (_name, fixture) => {
    const summary = summarizeBuiltin(fixture.input, fixture.language);
    expect(summaryFieldsSchema.parse(summary)).toEqual(summary);
    expect(summary.language).toBe(fixture.language);
    expect(summary.summarizer).toBe('builtin');
    expect(summary.issueTypes[0]!.type).toBe(fixture.expect.issueType);
    expect(summary.outcome).toMatch(OUTCOMES[fixture.expect.outcome][fixture.language]);
    // Nothing is "resolved" unless the fixture says someone confirmed it.
    if (fixture.expect.outcome !== 'resolved') expect(summary.outcome).not.toMatch(/^(Resolved|Gelöst)/);
    expect(summary.title).not.toMatch(PLEASANTRY_TITLE);
    for (const [field, texts] of Object.entries(fixture.expect.must) as [Field, string[]][]) {
      for (const text of texts) expect(fieldText(summary, field).toLowerCase(), field).toContain(text.toLowerCase());
    }
    // Exact case: a claim such as "Resolved" or "Gelöst" must be absent, while "Not resolved" may be said.
    for (const [field, texts] of Object.entries(fixture.expect.mustNot) as [Field, string[]][]) {
      for (const text of texts) expect(fieldText(summary, field), field).not.toContain(text);
    }
  });

  it.each(cases)('%s: the same facts and outcome in the other language', (_name, fixture) => {
    const other = fixture.language === 'en' ? 'de' : 'en';
    const summary = summarizeBuiltin(fixture.input, fixture.language);
    const translated = summarizeBuiltin(fixture.input, other);
    expect(translated.language).toBe(other);
    expect(translated.outcome).toMatch(OUTCOMES[fixture.expect.outcome][other]);
    expect(translated.issueTypes).toEqual(summary.issueTypes);
    expect(translated.applications).toEqual(summary.applications);
    expect(translated.title).not.toMatch(PLEASANTRY_TITLE);
    expect(translated.title.split(': ').slice(1).join(': ')).toBe(summary.title.split(': ').slice(1).join(': '));
  });
});
