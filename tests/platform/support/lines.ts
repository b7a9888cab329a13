import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * The lines a test window's process prints, as they come: `next(match)` resolves with the first
 * line, printed before or after the call, that `match` accepts.
 */
export function lines(child: ChildProcessWithoutNullStreams) {
  const seen: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let index = buffer.indexOf('\n'); index >= 0; index = buffer.indexOf('\n')) {
      const line = buffer.slice(0, index).trim();
      buffer = buffer.slice(index + 1);
      seen.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.match(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }
  });
  return {
    child,
    next: (match: (line: string) => boolean) =>
      new Promise<string>((resolve) => {
        const found = seen.find(match);
        if (found) resolve(found);
        else waiters.push({ match, resolve });
      }),
  };
}

/** The text a test window reports as `TEXT <base64 of UTF-8>`. */
export const textOf = (line: string) => Buffer.from(line.slice('TEXT '.length), 'base64').toString('utf8');
