import { randomUUID } from 'node:crypto';
import type { IssueType, SummaryFields } from '../../src-shared/domain/summary';
import { ADA, admin, apiAs, type AdminCall } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';

const VIC = { name: 'Vic Viewer', email: 'vic@helpdesk.test', password: 'viewer password!' };

/** A summary as a desktop app hands it in, written `minutesAgo` minutes ago (within the view's default 30 days). */
function summary(title: string, problem: string, issue: IssueType, applications: string[], minutesAgo: number) {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const fields: SummaryFields = {
    language: 'en',
    title,
    problem,
    actionsTaken: ['Looked at it together.'],
    outcome: 'Solved.',
    followUps: [],
    issueTypes: [{ type: issue, confidence: 0.9 }],
    applications,
    participants: [
      { role: 'supporter', name: ADA.name },
      { role: 'end_user', name: 'Tom' },
    ],
    device: { id: '123456789', os: 'windows' },
    startedAt: at,
    durationSeconds: 600,
    summarizer: 'builtin',
    note: null,
  };
  const id = randomUUID();
  return { op: 'upsert', key: randomUUID(), id, requestId: `request-${id}`, baseVersion: 0, createdAt: at, fields };
}

/** Helpdesk Inc with three summaries, handed in through the endpoint's API, and Vic, who may only read Insights. */
async function seed(cloudUrl: string): Promise<AdminCall> {
  const ada = await admin(cloudUrl);
  await ada('POST', '/api/v1/summaries/push', {
    changes: [
      summary('Printer jams on every job', 'The office printer jams.', 'printing', ['Word'], 30),
      summary('VPN drops from home', 'The tunnel disconnects every hour.', 'network_vpn', ['FortiClient'], 20),
      summary('Outlook asks for the password', 'A prompt keeps coming back.', 'email', ['Outlook'], 10),
    ],
  });
  const role = (await ada('POST', '/api/v1/admin/roles', { name: 'Readers', permissions: ['insights.view'] }))!;
  await ada('POST', '/api/v1/admin/users', { ...VIC, roleId: role.id });
  return ada;
}

/** AC-1 in any browser: Session Insights read through the endpoint's REST API, with the app's own view. */
test.describe('Insights in the web console', () => {
  test('an administrator moves between Administration and Insights; the list, the search and a summary, read-only', async ({
    page,
    cloud,
  }) => {
    await seed(cloud.url);
    await page.goto(cloud.url);
    await page.getByLabel('E-mail').fill(ADA.email);
    await page.getByLabel('Password', { exact: true }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const nav = page.getByRole('navigation', { name: 'Console sections' });
    const administration = nav.getByRole('button', { name: 'Administration' });
    const insights = nav.getByRole('button', { name: 'Session Insights' });
    await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
    await expect(administration).toHaveAttribute('aria-current', 'page');
    await expect(insights).not.toHaveAttribute('aria-current');

    await insights.click();
    const heading = page.getByRole('heading', { level: 1, name: 'Session Insights' });
    await expect(heading).toBeVisible();
    await expect(heading).toBeFocused();
    await expect(insights).toHaveAttribute('aria-current', 'page');
    const summaries = page.getByRole('listbox', { name: 'Summaries' }).getByRole('option');
    await expect(summaries).toHaveCount(3);
    await expect(summaries.first()).toContainText('Outlook asks for the password');
    await expect(
      page.getByRole('region', { name: 'Overview' }).getByRole('button', { name: 'Printing: 1 summary' }),
    ).toBeVisible();
    await noSeriousViolations(page);

    // The search narrows through the endpoint's full-text search: a word of the problem, as a prefix.
    const search = page.getByRole('searchbox', { name: 'Search summaries' });
    await search.fill('tunn');
    await expect(summaries).toHaveCount(1);
    await expect(summaries.first()).toContainText('VPN drops from home');

    // One summary in full; nothing to edit, delete or export here, and no sync to show.
    await summaries.first().click();
    const detail = page.getByTestId('summary-detail');
    await expect(detail.getByRole('heading', { level: 2, name: 'VPN drops from home' })).toBeVisible();
    await expect(detail).toContainText('The tunnel disconnects every hour.');
    await expect(detail.getByText('Solved.')).toBeVisible();
    await expect(page.getByRole('button', { name: /^(Edit|Delete|Export)/ })).toHaveCount(0);
    await expect(page.getByTestId('sync-status')).toHaveCount(0);
    await noSeriousViolations(page);

    await administration.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeFocused();
  });

  test.describe('in German', () => {
    test.use({ locale: 'de-DE' });

    test('a reader sees Insights only, searches and opens a summary, in German', async ({ page, cloud }) => {
      const ada = await seed(cloud.url);
      await page.goto(cloud.url);
      await page.getByLabel('E-Mail').fill(VIC.email);
      await page.getByLabel('Passwort', { exact: true }).fill(VIC.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();

      const nav = page.getByRole('navigation', { name: 'Bereiche der Konsole' });
      await expect(nav.getByRole('button', { name: 'Session Insights' })).toHaveAttribute('aria-current', 'page');
      await expect(nav.getByRole('button', { name: 'Administration' })).toHaveCount(0);
      await expect(page.getByRole('heading', { level: 1, name: 'Session Insights' })).toBeVisible();
      const summaries = page.getByRole('listbox', { name: 'Zusammenfassungen' }).getByRole('option');
      await expect(summaries).toHaveCount(3);
      await noSeriousViolations(page);

      await page.getByRole('searchbox', { name: 'Zusammenfassungen durchsuchen' }).fill('printer');
      await expect(summaries).toHaveCount(1);
      await summaries.first().click();
      const detail = page.getByTestId('summary-detail');
      await expect(detail.getByRole('heading', { level: 2, name: 'Printer jams on every job' })).toBeVisible();
      await expect(detail.getByText('The office printer jams.')).toBeVisible();
      await expect(page.getByRole('button', { name: /^(Bearbeiten|Löschen|Exportieren|Alle)/ })).toHaveCount(0);
      await noSeriousViolations(page);

      // A summary deleted meanwhile is gone from the list once the view loads again.
      const vic = await apiAs(cloud.url, VIC.email, VIC.password);
      const { items } = (await vic('GET', '/api/v1/summaries?query=printer'))! as {
        items: { id: string; version: number }[];
      };
      await ada('POST', '/api/v1/summaries/push', {
        changes: [{ op: 'delete', key: randomUUID(), id: items[0]!.id, baseVersion: items[0]!.version }],
      });
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Session Insights' })).toBeVisible();
      await expect(page.getByRole('listbox', { name: 'Zusammenfassungen' }).getByRole('option')).toHaveCount(2);
    });
  });
});
