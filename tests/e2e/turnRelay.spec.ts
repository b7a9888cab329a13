import { expect, test } from './support/fixtures';
import { connectAndAccept, framesDecoded, openEndUserBrowser } from './support/session';

test.describe('a company that relays every session through its TURN server', () => {
  test.use({ relayOnly: true });

  test('connects through coturn with the time-limited credentials the cloud endpoint hands out', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      await supporterPage.goto(pair.supporter.pageUrl);
      await connectAndAccept(supporterPage, hostPage);
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(10);
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
