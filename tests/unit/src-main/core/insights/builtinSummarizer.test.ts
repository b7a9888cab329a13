import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryFieldsSchema, type IssueType } from '../../../../../src-shared/domain/summary';
import { summarizeBuiltin, type SummaryInput } from '../../../../../src-main/core/insights/builtinSummarizer';

interface Fixture extends SummaryInput {
  language: 'en' | 'de';
  expected: { issueType: IssueType; applications: string[]; resolved: boolean; followUps: number };
}

const dir = 'tests/fixtures/sessions';
const fixtures = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture] as const);

describe('the built-in summarizer on recorded sessions', () => {
  it('has English and German recordings to work on', () => {
    expect(new Set(fixtures.map(([, f]) => f.language))).toEqual(new Set(['en', 'de']));
  });

  it.each(fixtures)('%s: the expected issue type, applications, outcome and follow-ups', (_file, fixture) => {
    const summary = summarizeBuiltin(fixture, fixture.language);
    expect(summaryFieldsSchema.parse(summary)).toEqual(summary);
    expect(summary.issueTypes[0]!.type).toBe(fixture.expected.issueType);
    expect(summary.issueTypes[0]!.confidence).toBeGreaterThan(0.3);
    expect(summary.applications).toEqual(fixture.expected.applications);
    expect(summary.followUps).toHaveLength(fixture.expected.followUps);
    expect(summary.outcome).toMatch(fixture.expected.resolved ? /Resolved|Gelöst/ : /Not confirmed|nicht als gelöst/);
    expect(summary.device).toEqual(fixture.device);
    expect(summary.durationSeconds).toBe((Date.parse(fixture.endedAt) - Date.parse(fixture.startedAt)) / 1000);
    expect(summary.summarizer).toBe('builtin');
  });

  it.each(fixtures)('%s: writes in the requested language whatever the chat’s', (_file, fixture) => {
    const english = summarizeBuiltin(fixture, 'en');
    const german = summarizeBuiltin(fixture, 'de');
    expect(english.language).toBe('en');
    expect(german.language).toBe('de');
    expect(english.title).not.toBe(german.title);
    expect(english.actionsTaken.join(' ')).toMatch(/Worked in|Sent|Received|Remote control|Clipboard|Note/);
    expect(german.actionsTaken.join(' ')).toMatch(
      /Gearbeitet in|gesendet|empfangen|Fernsteuerung|Zwischenablage|Notiz/,
    );
    // The same facts either way.
    expect(german.issueTypes).toEqual(english.issueTypes);
    expect(german.applications).toEqual(english.applications);
  });

  it('takes the problem from the end user, wherever the log was written', () => {
    const [, supporterSide] = fixtures.find(([file]) => file === 'printer-en.json')!;
    expect(summarizeBuiltin(supporterSide, 'en').problem).toBe(
      'Hi, my printer doesn’t print anything since this morning.'.replace('’', "'"),
    );
    const [, hostSide] = fixtures.find(([file]) => file === 'outlook-en.json')!;
    expect(summarizeBuiltin(hostSide, 'en').problem).toMatch(/^Outlook keeps asking for my password/);
    expect(summarizeBuiltin(hostSide, 'en').participants).toEqual([
      { role: 'supporter', name: 'Ben' },
      { role: 'end_user', name: 'Clara' },
    ]);
  });

  it('never reads thanks as a confirmation nor names it as the problem (the reported session)', () => {
    const session: SummaryInput = {
      log: [
        { at: '2026-11-20T10:00:00.000Z', kind: 'session_started', data: {} },
        {
          at: '2026-11-20T10:01:00.000Z',
          kind: 'chat',
          data: { from: 'partner', text: 'Thanks! The printer says it is offline.' },
        },
        { at: '2026-11-20T10:06:00.000Z', kind: 'session_ended', data: { reason: 'ended_by_supporter' } },
      ],
      perspective: 'supporter',
      supporterName: 'Ada',
      endUserName: null,
      device: { id: '123456789', os: 'windows' },
      startedAt: '2026-11-20T10:00:00.000Z',
      endedAt: '2026-11-20T10:06:00.000Z',
    };
    expect(summarizeBuiltin(session, 'en')).toMatchObject({
      title: 'Printing: The printer says it is offline',
      problem: 'The printer says it is offline.',
      outcome: 'Not confirmed as resolved during the session.',
    });
    expect(summarizeBuiltin(session, 'de')).toMatchObject({
      title: 'Drucken: The printer says it is offline',
      outcome: 'In der Sitzung nicht als gelöst bestätigt.',
    });
  });

  it('says so plainly when nothing was described, and classifies nothing as other', () => {
    const empty = summarizeBuiltin(
      {
        log: [],
        perspective: 'supporter',
        supporterName: 'Ada',
        endUserName: null,
        device: { id: '123456789', os: 'unknown' },
        startedAt: '2026-11-20T10:00:00.000Z',
        endedAt: '2026-11-20T10:00:30.000Z',
      },
      'de',
    );
    expect(empty).toMatchObject({
      problem: 'Im Chat wurde kein Problem beschrieben.',
      issueTypes: [{ type: 'other' }],
      title: 'Supportsitzung',
      outcome: 'In dieser Sitzung wurde nichts aufgezeichnet: kein Chat, keine Notizen, Dateien oder Aktionen.',
    });
  });
});
