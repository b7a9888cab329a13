/** Questions asked one at a time, only the newest answered: see `latestOnly`. */
export interface LatestOnly<Q> {
  ask(question: Q): void;
  /** The view is gone: nothing more is asked or delivered. */
  stop(): void;
}

/**
 * Asks one question at a time and delivers only the answer to the newest. A question asked while
 * another is out waits; a newer one takes its place, so one asked and outdated before its turn is
 * never asked at all; an answer that arrives after a newer question was asked is dropped. For the
 * Insights overview: every keystroke changes its filter and each count takes the counts worker
 * 40–150 ms at 100,000 summaries, so asking for each one queued a count per key, and answers to
 * old searches overwrote the charts after the list already showed the new one.
 */
export function latestOnly<Q, A>(
  ask: (question: Q) => Promise<A>,
  deliver: (answer: A) => void,
  fail: (error: unknown) => void,
): LatestOnly<Q> {
  let asked = 0;
  let out = false;
  let waiting: { question: Q; number: number } | null = null;
  let stopped = false;

  const run = async (question: Q, number: number): Promise<void> => {
    out = true;
    try {
      const answer = await ask(question);
      if (number === asked && !stopped) deliver(answer);
    } catch (error) {
      if (number === asked && !stopped) fail(error);
    } finally {
      out = false;
      const next = waiting;
      waiting = null;
      if (next && !stopped) void run(next.question, next.number);
    }
  };
  return {
    ask(question) {
      if (stopped) return;
      asked += 1;
      if (out) waiting = { question, number: asked };
      else void run(question, asked);
    },
    stop() {
      stopped = true;
      waiting = null;
    },
  };
}
