import { readFile } from 'node:fs/promises';
import { writeSeekableWebm } from '../../src-main/core/video/seekableWebm';

/*
 * Makes one recording seekable in a process of its own (run with tsx;
 * tests/integration/src-main/core/video/seekableWebm.test.ts) and answers how far the process's peak
 * resident memory rose meanwhile: the kernel's high-water mark (maxRSS) after, which no sampling
 * can miss, over the resident memory before. `whole` first reads the file whole and keeps it, as the core once did: the measurement's
 * control, which must show the file's size.
 */
async function main(): Promise<void> {
  const [mode, source, target] = process.argv.slice(2) as ['stream' | 'whole', string, string];
  // From what is resident now, not from the high-water mark so far: an earlier peak (the loader
  // compiling) would hide part of the rise.
  const before = process.memoryUsage().rss;
  const whole = mode === 'whole' ? await readFile(source) : null;
  const result = await writeSeekableWebm(source, target);
  const growth = process.resourceUsage().maxRSS * 1024 - before;
  process.stdout.write(`${JSON.stringify({ ...result, growth, held: whole?.length ?? 0 })}\n`);
}

void main();
