import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../../../src-renderer/insights/latestOnly';

/** A question whose answer the test gives when it chooses: the order of events is the test's. */
function askedQuestions() {
  const asked: { question: string; answer(value: string): void; fail(error: Error): void }[] = [];
  const ask = (question: string) =>
    new Promise<string>((answer, fail) => {
      asked.push({ question, answer, fail });
    });
  return { asked, ask };
}
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('asking for the Insights overview while a search is typed', () => {
  it('asks one at a time, skips a question outdated before its turn, and never delivers a stale answer', async () => {
    const { asked, ask } = askedQuestions();
    const delivered: string[] = [];
    const overview = latestOnly(
      ask,
      (answer: string) => delivered.push(answer),
      () => undefined,
    );

    overview.ask('p');
    overview.ask('pr');
    overview.ask('pri');
    expect(asked.map((call) => call.question)).toEqual(['p']);

    asked[0]!.answer('counts of p');
    await settled();
    // "p" was answered after newer searches were typed: not shown; only the newest is asked next.
    expect(delivered).toEqual([]);
    expect(asked.map((call) => call.question)).toEqual(['p', 'pri']);

    asked[1]!.answer('counts of pri');
    await settled();
    expect(delivered).toEqual(['counts of pri']);
    expect(asked).toHaveLength(2);
  });

  it('reports a failure only for the newest question, and nothing once the view is gone', async () => {
    const { asked, ask } = askedQuestions();
    const delivered: string[] = [];
    const failures: string[] = [];
    const overview = latestOnly(
      ask,
      (answer: string) => delivered.push(answer),
      (error) => failures.push((error as Error).message),
    );

    overview.ask('v');
    overview.ask('vp');
    asked[0]!.fail(new Error('v failed'));
    await settled();
    expect(failures).toEqual([]);
    asked[1]!.fail(new Error('vp failed'));
    await settled();
    expect(failures).toEqual(['vp failed']);

    overview.ask('vpn');
    overview.ask('vpn s');
    overview.stop();
    asked[2]!.answer('counts of vpn');
    await settled();
    overview.ask('vpn sl');
    await settled();
    expect(asked.map((call) => call.question)).toEqual(['v', 'vp', 'vpn']);
    expect(delivered).toEqual([]);
  });
});
