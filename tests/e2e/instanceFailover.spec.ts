import { Stage, expect, test } from './support/fixtures';
import { connectAndAccept, framesDecoded, openEndUserBrowser } from './support/session';

test('a session between two endpoint instances keeps running when both die, the end user is reached again through the survivor and told when nobody is left', async ({
  page: supporterPage,
  playwright,
  xvfb,
}, testInfo) => {
  test.setTimeout(90_000);
  const stage = new Stage();
  try {
    // Three instances on one PostgreSQL and one Redis. Each app reaches the cloud through a balancer
    // that keeps it on its own instance while that one lives and sends it to the third afterwards.
    const cloud = await stage.cloudInstances(3);
    const hostEntry = await cloud.balancer([0, 2], { rotate: false });
    const supporterEntry = await cloud.balancer([1, 2], { rotate: false });
    const supporter = await stage.app(supporterEntry.url, {}, "supporter's tandem");
    const host = await stage.app(hostEntry.url, { DISPLAY: xvfb.display }, "end user's tandem");
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, host.pageUrl);
    try {
      await supporterPage.goto(supporter.pageUrl);
      const { password } = await connectAndAccept(supporterPage, hostPage);
      const banner = hostPage.getByRole('region', { name: /is connected to this computer/ });
      await expect(banner).toBeVisible();
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);

      // Both instances carrying the session's signaling die at once (kill -9).
      await Promise.all([cloud.stop(0, 'SIGKILL'), cloud.stop(1, 'SIGKILL')]);

      // The media flows peer to peer: the screen keeps arriving, chat goes both ways, the session stays.
      const before = await framesDecoded(supporterPage);
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 15_000 }).toBeGreaterThan(before + 10);
      await supporterPage.getByPlaceholder('Write a message').fill('Still here after the cloud moved.');
      await supporterPage.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(hostPage.getByTestId('chat-log')).toContainText('Still here after the cloud moved.');
      await hostPage.getByPlaceholder('Write a message').fill('Me too.');
      await hostPage.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(supporterPage.getByTestId('chat-log')).toContainText('Me too.');
      await expect(banner).toBeVisible();

      // The end user ends it; both apps now talk to the survivor, and the supporter reaches them again.
      // The supporter's connection closes before the hub's word arrives: still, its partner ended it.
      await hostPage.getByRole('button', { name: 'End session' }).click();
      await expect(supporterPage.getByTestId('connect-ended')).toHaveText('Your partner ended the session.');
      await expect(hostPage.getByTestId('one-time-password')).not.toHaveText(password);
      await hostPage.getByRole('region', { name: 'Session ended' }).getByRole('button', { name: 'Close' }).click();
      await connectAndAccept(supporterPage, hostPage);
      await expect(banner).toBeVisible();
      const again = await framesDecoded(supporterPage);
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(again + 5);

      // This time the supporter ends it: the end user reads that the supporter did, not they.
      await supporterPage.getByRole('button', { name: 'End session' }).click();
      await expect(supporterPage.getByTestId('connect-ended')).toHaveText('The session ended.');
      const hostEnded = hostPage.getByRole('region', { name: 'Session ended' });
      await expect(hostEnded.getByRole('status')).toHaveText(/^(?!You ).+ ended the session\.$/);

      // With the last instance gone too, the end user is told their ID reaches nobody for now.
      await hostEnded.getByRole('button', { name: 'Close' }).click();
      const reachability = hostPage.getByTestId('reachability');
      await expect(hostPage.getByTestId('device-id')).toBeVisible();
      await expect(reachability).toBeEmpty();
      await cloud.stop(2, 'SIGKILL');
      await expect(reachability).toHaveText(
        'Connecting to the Tandem cloud… Until then, supporters cannot reach this computer.',
      );
    } finally {
      await hostBrowser.close();
    }
    await stage.attachOutput(testInfo);
  } finally {
    await stage.stop();
  }
});

test('across two endpoint instances, each side reads who ended the session: the end user, then the supporter', async ({
  page: supporterPage,
  playwright,
  xvfb,
}, testInfo) => {
  test.setTimeout(90_000);
  const stage = new Stage();
  try {
    // The hub's word that the partner ended it travels through Redis; the peer connection closes at once.
    const cloud = await stage.cloudInstances(2);
    const [hostInstance, supporterInstance] = cloud.instances;
    const supporter = await stage.app(supporterInstance!.url, {}, "supporter's tandem");
    const host = await stage.app(hostInstance!.url, { DISPLAY: xvfb.display }, "end user's tandem");
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, host.pageUrl);
    try {
      await supporterPage.goto(supporter.pageUrl);
      const banner = hostPage.getByRole('region', { name: /is connected to this computer/ });
      const hostEnded = hostPage.getByRole('region', { name: 'Session ended' });

      const { password } = await connectAndAccept(supporterPage, hostPage);
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);
      await hostPage.getByRole('button', { name: 'End session' }).click();
      await expect(supporterPage.getByTestId('connect-ended')).toHaveText('Your partner ended the session.');
      await expect(hostEnded.getByRole('status')).toHaveText(/^You ended the session with /);
      await expect(hostPage.getByTestId('one-time-password')).not.toHaveText(password);
      await hostEnded.getByRole('button', { name: 'Close' }).click();

      await connectAndAccept(supporterPage, hostPage);
      await expect(banner).toBeVisible();
      const again = await framesDecoded(supporterPage);
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(again + 5);
      await supporterPage.getByRole('button', { name: 'End session' }).click();
      await expect(supporterPage.getByTestId('connect-ended')).toHaveText('The session ended.');
      await expect(hostEnded.getByRole('status')).toHaveText(/^(?!You ).+ ended the session\.$/);
    } finally {
      await hostBrowser.close();
    }
    await stage.attachOutput(testInfo);
  } finally {
    await stage.stop();
  }
});
