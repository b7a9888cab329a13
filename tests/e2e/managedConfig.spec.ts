import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tempDir';
import { Stage, expect, test } from './support/fixtures';

test('IT’s managed configuration: an enforced setting is locked with the reason, a default can be changed', async ({
  page,
}) => {
  const stage = new Stage();
  const dir = tempDir();
  try {
    const { url } = await stage.cloud();
    const enforced = join(dir.path, 'enforced.json');
    writeFileSync(enforced, JSON.stringify({ insightsLogging: 'denied', enforced: ['insightsLogging'] }));
    const defaults = join(dir.path, 'defaults.json');
    writeFileSync(defaults, JSON.stringify({ insightsLogging: 'allowed' }));
    const locked = await stage.app(url, {}, 'managed (enforced)', ['--managed-config', enforced]);
    const open = await stage.app(url, {}, 'managed (defaults)', ['--managed-config', defaults]);

    await page.goto(locked.pageUrl);
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    const setting = page.getByRole('combobox', { name: 'Session Insights logging' });
    await expect(setting).toHaveValue('denied');
    await expect(setting).toBeDisabled();
    await expect(page.getByText('Set by your IT department on this computer (managed configuration).')).toBeVisible();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await expect(
      page.getByText('Von Ihrer IT-Abteilung auf diesem Computer festgelegt (verwaltete Konfiguration).'),
    ).toBeVisible();

    await page.goto(open.pageUrl);
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(setting).toHaveValue('allowed');
    await expect(setting).toBeEnabled();
    await setting.selectOption('denied');
    await page.reload();
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(setting).toHaveValue('denied');
  } finally {
    await stage.stop();
    dir.cleanup();
  }
});

test('enrolment with IT’s token says precisely why it failed, in English and German', async ({ page }) => {
  const stage = new Stage();
  const dir = tempDir();
  try {
    const { url } = await stage.cloud();
    const config = join(dir.path, 'policy.json');
    writeFileSync(config, JSON.stringify({ enrollmentToken: 'enrol_copied-only-in-part' }));
    const app = await stage.app(url, {}, 'managed (unknown token)', ['--managed-config', config]);

    await page.goto(app.pageUrl);
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('enrollment-status')).toHaveText(
      'Enrolment with your IT department’s token failed: The cloud endpoint does not know this enrolment token. Ask your IT department to check that it was copied completely.',
    );
    await expect(page.getByTestId('company-membership')).toHaveText('This computer belongs to no company.');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await expect(page.getByTestId('enrollment-status')).toHaveText(
      'Die Registrierung mit dem Token Ihrer IT-Abteilung ist fehlgeschlagen: Der Cloud-Endpunkt kennt dieses Registrierungstoken nicht. Bitten Sie Ihre IT-Abteilung zu prüfen, ob es vollständig kopiert wurde.',
    );
  } finally {
    await stage.stop();
    dir.cleanup();
  }
});
