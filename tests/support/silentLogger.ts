import { pino } from 'pino';
import { Writable } from 'node:stream';

/** A real pino logger whose lines are kept in memory, so tests can read what would be logged. */
export function memoryLogger(): { log: pino.Logger; lines: () => string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { log: pino({ level: 'trace' }, sink), lines: () => lines };
}
