// A process that writes summaries into a desktop database as fast as it can, until it is killed.
import { readFileSync } from 'node:fs';
import { openDesktopDatabase } from '../../src-main/core/db/desktopDatabase';
import { summarizeBuiltin, type SummaryInput } from '../../src-main/core/insights/builtinSummarizer';
import { SummaryCache } from '../../src-main/core/insights/summaryCache';

const cache = new SummaryCache(openDesktopDatabase(process.argv[2]!));
const fixture = JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput;
const fields = summarizeBuiltin(fixture, 'en');
process.stdout.write('writing\n');
for (let i = 0; ; i++) cache.add(`request-${process.pid}-${i}`, 'acme', fields);
