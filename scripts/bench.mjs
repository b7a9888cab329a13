// `npm run bench` runs every benchmark in bench/; `npm run bench -- NAME` runs one.
// Output is JSON lines: first the machine, then one line per figure (see bench/support/figures.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

const wanted = process.argv.slice(2);
const available = readdirSync('bench', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`bench/${entry.name}/index.ts`))
  .map((entry) => entry.name);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}\n`);
  process.exit(2);
}

function chromiumVersion() {
  try {
    return execFileSync(process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

execFileSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  platform: process.platform,
  arch: process.arch,
  kernel: release(),
  node: process.versions.node,
  chromium: chromiumVersion(),
};
process.stdout.write(`${JSON.stringify({ machine })}\n`);

let failed = false;
for (const name of wanted.length > 0 ? wanted : available) {
  // Benchmarks that open peer connections must not reach past 127.0.0.1: run all in the loopback namespace.
  const result = spawnSync(
    'scripts/loopback-netns.sh',
    [process.execPath, '--import', 'tsx', `bench/${name}/index.ts`],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    process.stderr.write(`Benchmark ${name} failed (exit ${result.status}).\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
