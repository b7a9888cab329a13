import { ADA, apiAs, signIn } from './support/accounts';
import { GRACE, allowLogging, helpdeskStage, sessionWithChat } from './support/helpdesk';
import { Stage, expect, test } from './support/fixtures';
import { openInsights } from './support/insights';
import { openEndUserBrowser } from './support/session';

const HANK = { company: 'Globex', name: 'Hank Other', email: 'hank@globex.test', password: 'globex passphrase' };

test('a session’s summary reaches the company’s other devices through the endpoint, and never another company', async ({
  page: supporterPage,
  browser,
  playwright,
  xvfb,
}, testInfo) => {
  const stage = new Stage();
  try {
    const { cloud, ada, supporter, host, colleague } = await helpdeskStage(stage, xvfb);
    await stage.createCompany(cloud, HANK);
    const outsider = await stage.app(cloud.url, {}, "Hank's tandem (Globex)");
    const gracePage = await (await browser.newContext()).newPage();
    const hankPage = await (await browser.newContext()).newPage();
    await gracePage.goto(colleague.pageUrl);
    await signIn(gracePage, GRACE);
    await hankPage.goto(outsider.pageUrl);
    await signIn(hankPage, HANK);

    const { browser: endUserBrowser, page: hostPage } = await openEndUserBrowser(playwright, host.pageUrl);
    try {
      await allowLogging(hostPage);
      await supporterPage.goto(supporter.pageUrl);
      await signIn(supporterPage, ADA);
      await sessionWithChat(supporterPage, hostPage, 'My printer shows a paper jam on every print job.');
    } finally {
      await endUserBrowser.close();
    }

    // Ada's cache has it, and it is pushed to the company's endpoint at once.
    const { summaries: adasSummaries } = await openInsights(supporterPage);
    await expect(adasSummaries).toHaveCount(1);
    await expect(supporterPage.getByTestId('sync-status')).toContainText('All summaries are synced with your company.');
    await expect(adasSummaries.first()).toContainText('Printing');
    const title = (await adasSummaries.first().locator('.row-title').textContent())!;
    const onEndpoint = (await ada('GET', '/api/v1/summaries/changes?since=0')) as {
      changes: { fields: { title: string } | null }[];
    };
    expect(onEndpoint.changes.map((summary) => summary.fields?.title)).toEqual([title]);

    // Grace, on her own computer, receives it on her next sync.
    const { summaries: gracesSummaries, detail: gracesDetail } = await openInsights(gracePage);
    await gracePage.getByRole('button', { name: 'Sync now' }).click();
    await expect(gracesSummaries).toHaveCount(1);
    await expect(gracesSummaries.first().locator('.row-title')).toHaveText(title);
    await gracesSummaries.first().click();
    await expect(gracesDetail).toContainText('paper jam');
    await expect(gracesDetail).toContainText('(Linux)');

    // Hank's company shares the endpoint but never sees Helpdesk Inc's summaries.
    await openInsights(hankPage);
    await hankPage.getByRole('button', { name: 'Sync now' }).click();
    await expect(hankPage.getByTestId('sync-status')).toContainText('All summaries are synced with your company.');
    await expect(hankPage.getByRole('heading', { name: 'No session summaries yet' })).toBeVisible();
    // Globex has not turned Session Insights on, and the empty view says what would change that.
    await expect(
      hankPage.getByText('Summaries of logged sessions appear here once your company has turned on Session Insights.'),
    ).toBeVisible();
    const hank = await apiAs(cloud.url, HANK.email, HANK.password);
    expect(((await hank('GET', '/api/v1/summaries/changes?since=0')) as { changes: unknown[] }).changes).toEqual([]);
    await stage.attachOutput(testInfo);
  } finally {
    await stage.stop();
  }
});
