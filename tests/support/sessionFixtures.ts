import { readFileSync } from 'node:fs';
import { summarizeBuiltin, type SummaryInput } from '../../src-main/core/insights/builtinSummarizer';
import type { SummaryCache } from '../../src-main/core/insights/summaryCache';

/** A recorded session from tests/fixtures/sessions (its event log, in its language). */
export const sessionFixture = (name: string) =>
  JSON.parse(readFileSync(`tests/fixtures/sessions/${name}.json`, 'utf8')) as SummaryInput & { language: 'en' | 'de' };

/** The built-in summary of fixture `name`, cached for request `request-<name>` at 10:<minute> on 20 Nov 2026. */
export function addFixtureSummary(cache: SummaryCache, name: string, minute: number) {
  const session = sessionFixture(name);
  return cache.add(
    `request-${name}`,
    'acme',
    summarizeBuiltin(session, session.language),
    new Date(Date.UTC(2026, 10, 20, 10, minute)),
  );
}
