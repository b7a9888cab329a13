import { CHROMIUM_ARGS } from '../../playwright.config';
import { expect, test } from './support/fixtures';

test.describe('a company that relays every session through its TURN server', () => {
  test.use({ relayOnly: true });

  test('connects through coturn with the time-limited credentials the cloud endpoint hands out', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const hostBrowser = await playwright.chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const hostPage = await hostBrowser.newPage();
    try {
      await hostPage.goto(pair.host.pageUrl);
      await supporterPage.goto(pair.supporter.pageUrl);
      const hostId = (await hostPage.getByTestId('device-id').textContent())!;
      const password = (await hostPage.getByTestId('one-time-password').textContent())!;
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Connect' }).click();
      await supporterPage.getByRole('textbox', { name: 'Partner ID' }).fill(hostId);
      await supporterPage.getByLabel('Password').fill(password);
      await supporterPage.getByRole('main').getByRole('button', { name: 'Connect', exact: true }).click();
      await hostPage.getByRole('alertdialog').getByRole('button', { name: 'Accept', exact: true }).click();

      await expect
        .poll(
          () =>
            supporterPage
              .getByTestId('remote-video')
              .evaluate((video: HTMLVideoElement) => video.getVideoPlaybackQuality().totalVideoFrames),
          { timeout: 20_000 },
        )
        .toBeGreaterThan(10);
      await expect(supporterPage.getByTestId('session-stats')).toContainText('through the relay server', {
        timeout: 10_000,
      });
      // coturn itself saw the allocations (one per peer) it relayed through.
      expect(pair.coturn!.log.join('\n')).toMatch(/ALLOCATE.*success/i);
    } finally {
      await hostBrowser.close();
    }
  });
});
