import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type TandemApp } from './support/fixtures';

/** What the main core stored, read straight from its SQLite file. */
function stored(app: TandemApp): { deviceId: string; language: string | null } {
  const db = new Database(join(app.dataDir, 'tandem.db'), { readonly: true, fileMustExist: true });
  try {
    const device = db.prepare('SELECT device_id FROM device').get() as { device_id: string };
    const language = db.prepare("SELECT value FROM settings WHERE key = 'language'").get() as
      { value: string } | undefined;
    return { deviceId: device.device_id, language: language ? (JSON.parse(language.value) as string | null) : null };
  } finally {
    db.close();
  }
}

function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

test.describe('the renderer talks to a real main core over the bridge', () => {
  test('Allow remote support shows this device’s ID and password in English', async ({ page, tandem }) => {
    const violations = watchCspViolations(page);
    await page.goto(tandem.pageUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Allow remote support' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    const { deviceId } = stored(tandem);
    await expect(page.getByTestId('device-id')).toHaveText(deviceId.replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3'));
    await expect(page.getByTestId('one-time-password')).toHaveText(/^[A-Za-z2-9]{8}$/);
    await expect(page.getByRole('button', { name: 'Copy ID' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy password' })).toBeVisible();
    // The secret is taken from the address bar once read.
    expect(page.url()).not.toContain('secret');
    expect(violations).toEqual([]);
  });

  test('switching to German changes every screen and is remembered by the core', async ({ page, tandem }) => {
    await page.goto(tandem.pageUrl);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');

    await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect.poll(() => stored(tandem).language).toBe('de');

    await page.reload();
    await page.getByRole('button', { name: 'Fernsupport erlauben' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Fernsupport erlauben' })).toBeVisible();
    await expect(page.getByText('Ihre ID')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Passwort kopieren' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Neues Passwort' })).toBeVisible();
  });

  test('a German system starts in German when the user has not chosen', async ({ browser, tandem }) => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(tandem.pageUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Fernsupport erlauben' })).toBeVisible();
    expect(stored(tandem).language).toBeNull();
    await context.close();
  });

  test('“New password” replaces the one-time password', async ({ page, tandem }) => {
    await page.goto(tandem.pageUrl);
    const password = page.getByTestId('one-time-password');
    await expect(password).toHaveText(/^[A-Za-z2-9]{8}$/);
    const before = await password.textContent();
    await page.getByRole('button', { name: 'New password' }).click();
    await expect(page.getByText('A new password is active; the previous one no longer works.')).toBeVisible();
    await expect(password).not.toHaveText(before!);
  });

  test('Settings shows the cloud endpoint the core reaches', async ({ page, tandem }) => {
    await page.goto(tandem.pageUrl);
    await page.getByRole('button', { name: 'Settings' }).click();
    const status = page.getByTestId('cloud-status');
    await expect(status).toContainText(tandem.cloudUrl);
    await expect(status).toContainText('Connected');
    await expect(status).toContainText('Your company’s endpoint');
  });

  test('Settings chooses the summarizer; an API key is stored but never shown again', async ({ page, tandem }) => {
    await page.goto(tandem.pageUrl);
    await page.getByRole('button', { name: 'Settings' }).click();
    const summaries = page.getByRole('form', { name: 'Session summaries' });
    await expect(summaries.getByRole('radio', { name: /Built-in \(no AI\)/ })).toBeChecked();
    await expect(summaries.getByRole('textbox', { name: 'Model' })).toHaveCount(0);

    await summaries.getByRole('radio', { name: /AI service \(OpenAI-compatible/ }).check();
    await summaries.getByRole('textbox', { name: 'Base URL' }).fill('http://127.0.0.1:11434/v1');
    await summaries.getByRole('textbox', { name: 'Model' }).fill('llama3.1');
    await summaries.getByLabel('API key').fill('sk-e2e-secret');
    await summaries.getByRole('button', { name: 'Save summary settings' }).click();
    await expect(summaries.getByRole('status')).toHaveText('Saved.');

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(summaries.getByRole('radio', { name: /AI service/ })).toBeChecked();
    await expect(summaries.getByRole('textbox', { name: 'Model' })).toHaveValue('llama3.1');
    await expect(summaries.getByLabel('API key')).toHaveValue('');
    await expect(summaries.getByText('A key is stored in this computer’s keychain.', { exact: false })).toBeVisible();
    await expect(page.locator('body')).not.toContainText('sk-e2e-secret');

    await summaries.getByRole('button', { name: 'Forget the API key' }).click();
    await expect(summaries.getByText('never shown again', { exact: false })).toBeVisible();
  });

  test('Connect checks the partner ID as it is typed', async ({ page, tandem }) => {
    await page.goto(tandem.pageUrl);
    await page.getByRole('button', { name: 'Connect' }).click();
    const partner = page.getByRole('textbox', { name: 'Partner ID' });
    await partner.fill('12345');
    await page.getByRole('button', { name: 'Connect', exact: true }).last().click();
    await expect(page.getByRole('alert')).toHaveText('A partner ID has nine digits, for example 123 456 789.');
    await partner.fill('123456789');
    await expect(partner).toHaveValue('123 456 789');
  });

  test('every screen is reachable by keyboard alone', async ({ page, tandem }) => {
    await page.goto(tandem.pageUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Allow remote support' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Allow remote support' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Session Insights' })).toBeFocused();
    await expect(page.getByTestId('sync-status')).toHaveText(
      'Sign in with your company account (Settings) to sync summaries.',
    );
    await expect(page.getByRole('heading', { name: 'No session summaries yet' })).toBeVisible();
  });

  test('a page without the bridge’s secret gets a clear error, not the app', async ({ page, tandem }) => {
    await page.goto(new URL(tandem.pageUrl).origin);
    await expect(page.getByRole('heading', { name: 'Tandem’s core is not answering' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  for (const language of ['en', 'de'] as const) {
    test(`no serious accessibility violation on any screen (${language})`, async ({ browser, tandem }) => {
      const context = await browser.newContext({ locale: language === 'de' ? 'de-DE' : 'en-US' });
      const page = await context.newPage();
      await page.goto(tandem.pageUrl);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const navButtons = page.getByRole('navigation').getByRole('button');
      for (let i = 0; i < (await navButtons.count()); i++) {
        await navButtons.nth(i).click();
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(
          serious.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        ).toEqual([]);
      }
      await context.close();
    });
  }
});
