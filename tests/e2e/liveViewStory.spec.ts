import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupCode } from '../../src-renderer/liveview/liveViewStore';
import { tempDir } from '../support/tempDir';
import { admin, signIn } from './support/accounts';
import { openAdminSection } from './support/adminNav';
import { noSeriousViolations } from './support/axe';
import { Stage, expect, test } from './support/fixtures';
import { framesDecoded, openEndUserBrowser } from './support/session';

/**
 * Live View from both chairs, on real apps: an end user's Tandem, enrolled by IT with a tag, asks
 * for help from its own window; the supporter's Live View shows the row as it appears, idle while
 * the end user is in another window; the supporter finds it by the tag and asks to connect, saying what for; the end user reads who asks,
 * from which company and why, and declines — the supporter is told —, then accepts the second
 * request, and the screen flows. When the end user closes Tandem, the row goes at once.
 */
test('Live View: Get help → the row appears, turns idle and active → request with a reason → declined → accepted, the screen flows → the app closes and the row goes', async ({
  page: supporterPage,
  playwright,
  xvfb,
}, testInfo) => {
  test.setTimeout(150_000);
  const stage = new Stage();
  const dir = tempDir();
  let closeEndUserBrowser = async () => {};
  try {
    const cloud = await stage.cloud();
    const ada = await admin(cloud.url);
    const { token } = (await ada('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office PCs' })) as {
      token: string;
    };
    const config = join(dir.path, 'policy.json');
    writeFileSync(config, JSON.stringify({ enrollmentToken: token, tags: ['Finance'] }));
    const host = await stage.app(cloud.url, { DISPLAY: xvfb.display }, "end user's tandem", [
      '--managed-config',
      config,
    ]);
    await expect
      .poll(async () => ((await ada('GET', '/api/v1/admin/devices'))!.devices as unknown[]).length, {
        timeout: 15_000,
      })
      .toBe(1);
    const supporter = await stage.app(cloud.url, {}, "supporter's tandem");

    // The supporter opens Live View: nobody is asking yet.
    await supporterPage.goto(supporter.pageUrl);
    await signIn(supporterPage);
    await supporterPage.getByRole('navigation').getByRole('button', { name: 'Live View' }).click();
    await expect(supporterPage.getByTestId('liveview-empty')).toBeVisible();

    // The end user asks for help from their own window.
    const endUser = await openEndUserBrowser(playwright, host.pageUrl);
    closeEndUserBrowser = () => endUser.browser.close();
    const hostPage = endUser.page;
    await hostPage.getByRole('button', { name: 'Get help', exact: true }).click();
    await hostPage.getByLabel('Your name (optional)').fill('Erika Muster');
    await hostPage.getByRole('checkbox', { name: 'I understand' }).check();
    await hostPage.getByRole('button', { name: 'Ask for help', exact: true }).click();
    const shown = hostPage.getByTestId('help-code');
    await expect(shown).toHaveText(/^\d{3} \d{3} \d{3}$/);
    const code = (await shown.textContent())!.replace(/ /g, '');

    // The row appears for the supporter, pushed: who, the ID, the status, the OS, IT's tag.
    const row = supporterPage.locator(`li[data-code="${code}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText('Erika Muster');
    await expect(row).toContainText(groupCode(code));
    await expect(row).toContainText('Active');
    await expect(row).toContainText('Linux');
    await expect(row.getByRole('list', { name: 'Tags' })).toContainText('Finance');
    await supporterPage.getByRole('searchbox', { name: 'Search by tag, ID, device or name' }).fill('finance');
    await expect(row).toBeVisible();
    await noSeriousViolations(supporterPage);

    // The end user switches to another window: Tandem is no longer in front, and the row turns idle;
    // back in Tandem, it is active again. (Playwright lets every page think it has focus unless told not to.)
    const cdp = await endUser.context.newCDPSession(hostPage);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    const otherWindow = await endUser.context.newPage();
    await otherWindow.bringToFront();
    await expect(row).toContainText('Idle');
    await hostPage.bringToFront();
    await hostPage.getByTestId('help-code').click();
    await expect(row).toContainText('Active');

    /** The supporter asks to connect to Erika, saying what for. */
    const request = async (reason: string) => {
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Live View' }).click();
      await row.getByRole('button', { name: `Connect to Erika Muster (ID ${groupCode(code)})` }).click();
      await supporterPage.getByLabel('What for (optional)').fill(reason);
      await supporterPage.getByRole('button', { name: 'Request connection' }).click();
      await expect(supporterPage.getByTestId('connect-status')).toContainText(
        'Asking the person who needs help to accept…',
      );
      const prompt = hostPage.getByRole('alertdialog', { name: 'Incoming connection' });
      await expect(prompt).toBeVisible();
      await expect(prompt).toContainText('Ada Support');
      await expect(prompt).toContainText('Helpdesk Inc');
      await expect(prompt).toContainText('they picked it from your company’s list of people asking for help');
      await expect(prompt).toContainText(`Why: “${reason}”`);
      return prompt;
    };

    // Declined: the supporter reads that the end user said no.
    const first = await request('Your printer ticket #4711');
    await noSeriousViolations(hostPage);
    await first.getByRole('button', { name: 'Deny', exact: true }).click();
    await expect(supporterPage.getByTestId('connect-failure')).toHaveText(
      'The person who asked for help declined your connection.',
    );

    // Asked again and accepted: the end user's screen reaches the supporter.
    const second = await request('The printer again, please');
    await second.getByRole('button', { name: 'Accept', exact: true }).click();
    await expect(supporterPage.getByRole('heading', { level: 1, name: /Session with/ })).toBeVisible();
    await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);
    await supporterPage.getByRole('button', { name: 'End session' }).click();
    await expect(supporterPage.getByTestId('connect-ended')).toHaveText('The session ended.');

    // The end user closes Tandem: their row leaves the supporter's Live View at once.
    await supporterPage.getByRole('navigation').getByRole('button', { name: 'Live View' }).click();
    await supporterPage.getByRole('searchbox', { name: 'Search by tag, ID, device or name' }).fill('');
    await expect(row).toBeVisible();
    await host.stop();
    await expect(row).toHaveCount(0);
    await expect(supporterPage.getByTestId('liveview-empty')).toBeVisible();

    // Ada administers the company too: the Audit section says who did what, newest first.
    await supporterPage.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
    await openAdminSection(supporterPage, 'Audit');
    const events = supporterPage.getByRole('table', { name: 'Live View events' });
    await expect(events).toContainText('Asked for help');
    await expect(events).toContainText('Acknowledged what a supporter sees');
    await expect(events.getByRole('row').filter({ hasText: 'Declined the connection' })).toContainText('Computer');
    await expect(events.getByRole('row').filter({ hasText: 'Your printer ticket #4711' })).toContainText(
      'Asked to connect',
    );
    await expect(events.getByRole('row').filter({ hasText: 'Accepted the connection' })).toContainText(groupCode(code));
    await noSeriousViolations(supporterPage);
    await stage.attachOutput(testInfo);
  } finally {
    await closeEndUserBrowser();
    await stage.stop();
    dir.cleanup();
  }
});
