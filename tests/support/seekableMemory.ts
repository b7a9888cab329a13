import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeSeekableWebm } from '../../src-main/core/video/seekableWebm';

/*
 * Makes one recording seekable in a process of its own (run with tsx;
 * tests/integration/src-main/core/video/seekableWebm.test.ts) and answers how far the process's
 * resident memory rose at its peak meanwhile: the kernel's high-water mark (VmHWM), which no
 * sampling can miss, reset to the resident set just before (`5` to /proc/self/clear_refs, Linux),
 * so neither an earlier peak (the loader compiling) nor memory freed since shifts the figure.
 * `whole` first reads the file whole and keeps it, as the core once did: the measurement's
 * control, which must show the file's size.
 */
const highWaterMark = (): number =>
  Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024;

async function main(): Promise<void> {
  const [mode, source, target] = process.argv.slice(2) as ['stream' | 'whole', string, string];
  writeFileSync('/proc/self/clear_refs', '5');
  const before = highWaterMark();
  const whole = mode === 'whole' ? await readFile(source) : null;
  const result = await writeSeekableWebm(source, target);
  const growth = highWaterMark() - before;
  process.stdout.write(`${JSON.stringify({ ...result, growth, held: whole?.length ?? 0 })}\n`);
}

void main();
