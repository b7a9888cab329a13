import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { openEndUserBrowser, readCredentials, requestConnection } from './support/session';

const PERMANENT = 'a long permanent password';

test.describe('connection history (RS-11)', () => {
  test.describe.configure({ timeout: 120_000 });

  test('each side lists the sessions it took part in: who, when, how, how long and how it ended', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      await supporterPage.goto(pair.supporter.pageUrl);
      const { id: hostId } = await readCredentials(hostPage);
      const { id: supporterId } = await readCredentials(supporterPage);
      const incoming = hostPage.getByTestId('connection-history-incoming');
      const outgoing = supporterPage.getByTestId('connection-history-outgoing');

      // Nothing yet on either side.
      await expect(incoming).toContainText('Nobody has connected to this computer yet.');
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Connect' }).click();
      await expect(outgoing).toContainText('You have not connected to another computer from here yet.');

      // A wrong password, then a session by the permanent password, ended by the supporter.
      await hostPage.getByLabel('Permanent password').fill(PERMANENT);
      await hostPage.getByRole('button', { name: 'Set permanent password' }).click();
      await requestConnection(supporterPage, hostId, 'not the password');
      await expect(supporterPage.getByTestId('connect-failure')).toBeVisible();
      await requestConnection(supporterPage, hostId, PERMANENT);
      await expect(supporterPage.getByRole('heading', { level: 1, name: /Session with/ })).toBeVisible();
      await supporterPage.getByRole('button', { name: 'End session' }).click();
      await expect(supporterPage.getByTestId('connect-ended')).toBeVisible();

      // The supporter's list: newest first, the computer's ID, how, how long, how it ended.
      const sent = outgoing.getByTestId('connection-report');
      await expect(sent).toHaveCount(2);
      await expect(sent.nth(0)).toContainText(`Computer ${hostId}`);
      await expect(sent.nth(0)).toContainText('by password · full control');
      await expect(sent.nth(0)).toContainText('Completed');
      await expect(sent.nth(0)).toContainText(/\d+ sec/);
      await expect(sent.nth(1)).toContainText('Wrong password');
      await noSeriousViolations(supporterPage);

      // The end user's list names the supporter's device for both requests.
      const received = incoming.getByTestId('connection-report');
      await expect(received).toHaveCount(2);
      await expect(received.nth(0)).toContainText(supporterId);
      await expect(received.nth(0)).toContainText('Completed');
      await expect(received.nth(1)).toContainText('Wrong password');
      await noSeriousViolations(hostPage);

      // Using a listed ID fills in the form and moves on to the password.
      const partner = supporterPage.getByRole('textbox', { name: 'Partner ID' });
      await partner.fill('');
      await sent
        .nth(0)
        .getByRole('button', { name: `Fill in the ID ${hostId} above to connect again` })
        .click();
      await expect(partner).toHaveValue(hostId);
      await expect(supporterPage.getByLabel('Password', { exact: true })).toBeFocused();

      // In German too.
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
      await supporterPage.getByLabel('Language').selectOption('de');
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Verbinden' }).click();
      await expect(outgoing.getByRole('heading', { name: 'Ihre letzten Verbindungen' })).toBeVisible();
      await expect(sent.nth(0)).toContainText('per Passwort · volle Steuerung');
      await expect(sent.nth(0)).toContainText('Abgeschlossen');
    } finally {
      await hostBrowser.close();
    }
  });
});
