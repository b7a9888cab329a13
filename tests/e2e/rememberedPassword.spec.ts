import type { Page } from '@playwright/test';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { openEndUserBrowser, readCredentials } from './support/session';

const PERMANENT = 'a long permanent password';

/** The supporter opens Connect and types the computer's ID (and a password, if given). */
async function fillConnect(supporterPage: Page, id: string, password?: string): Promise<void> {
  await supporterPage.getByRole('navigation').getByRole('button', { name: 'Connect' }).click();
  await supporterPage.getByRole('textbox', { name: 'Partner ID' }).fill(id);
  if (password !== undefined) await supporterPage.getByLabel('Password', { exact: true }).fill(password);
}

/** Clicks Connect, waits for the picture, and ends the session again. */
async function connectAndEnd(supporterPage: Page): Promise<void> {
  await supporterPage.getByRole('main').getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(supporterPage.getByRole('heading', { level: 1, name: /Session with/ })).toBeVisible();
  await supporterPage.getByRole('button', { name: 'End session' }).click();
  await expect(supporterPage.getByTestId('connect-ended')).toBeVisible();
}

test.describe('remembering the permanent password on the supporter’s device', () => {
  test.describe.configure({ timeout: 120_000 });

  test('tick the box once, connect the next time without typing; the computer lists the device and can forget it', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      await supporterPage.goto(pair.supporter.pageUrl);
      const { id: hostId } = await readCredentials(hostPage);

      // The end user turns unattended access on: no device remembers the password yet.
      await hostPage.getByLabel('Permanent password').fill(PERMANENT);
      await hostPage.getByRole('button', { name: 'Set permanent password' }).click();
      const remembered = hostPage.getByTestId('remembered-supporters');
      await expect(remembered).toContainText('No supporter device remembers the password.');

      // The supporter types it once, with the box ticked (it is off until ticked).
      await fillConnect(supporterPage, hostId, PERMANENT);
      const box = supporterPage.getByRole('checkbox', { name: 'Remember the password on this device' });
      await expect(box).not.toBeChecked();
      await box.check();
      await noSeriousViolations(supporterPage);
      await connectAndEnd(supporterPage);

      // The computer lists the device, not yet used since.
      await expect(remembered.getByRole('listitem')).toHaveCount(1);
      await expect(remembered.getByRole('listitem')).toContainText('not connected since');
      await noSeriousViolations(hostPage);

      // Next time: the ID alone.
      await fillConnect(supporterPage, hostId);
      await expect(supporterPage.getByTestId('password-remembered')).toContainText(
        'The password for this computer is remembered on this device',
      );
      await expect(supporterPage.getByLabel('Password', { exact: true })).toHaveValue('');
      await connectAndEnd(supporterPage);
      await expect(remembered.getByRole('listitem')).toContainText('last connected');

      // The end user forgets every device: the supporter is told to type the password again.
      await remembered.getByRole('button', { name: 'Forget all' }).click();
      await expect(remembered).toContainText('No supporter device remembers the password.');
      await fillConnect(supporterPage, hostId);
      await supporterPage.getByRole('main').getByRole('button', { name: 'Connect', exact: true }).click();
      await expect(supporterPage.getByTestId('connect-failure')).toHaveText(
        'This computer no longer accepts the remembered password — enter the password again.',
      );
      await expect(supporterPage.getByTestId('password-remembered')).toBeHidden();
    } finally {
      await hostBrowser.close();
    }
  });
});
