import { URI } from 'otpauth';
import { ADA, admin } from './support/accounts';
import { openAdminSection } from './support/adminNav';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';

/** AC-1, AC-4: IT administers Tandem from any browser, at the endpoint's own address, nothing installed. */
test.describe('the web console', () => {
  test('an administrator with a second factor signs in, administers, stays signed in on reload, signs out', async ({
    page,
    cloud,
  }) => {
    const api = await admin(cloud.url);
    const { uri } = (await api('POST', '/api/v1/auth/totp', { password: ADA.password })) as { uri: string };
    const authenticator = URI.parse(uri);

    const response = await page.goto(cloud.url);
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    await expect(page.getByRole('heading', { level: 1, name: 'Tandem web console' })).toBeVisible();
    await noSeriousViolations(page);

    await page.getByLabel('E-mail').fill(ADA.email);
    await page.getByLabel('Password', { exact: true }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'This account uses a second factor: enter the 6-digit code from your authenticator app.',
    );
    await page.getByLabel('Code from your authenticator app (if set up)').fill(authenticator.generate());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('console-user')).toHaveText(`Signed in: ${ADA.name} · ${ADA.company}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();

    // The same Administration as in the app, through the endpoint's REST API.
    await openAdminSection(page, 'Users');
    await expect(page.getByTestId(`log-sessions-${ADA.email}`)).toHaveText('On');
    await openAdminSection(page, 'AI settings & credits');
    await page.getByLabel('I accept the terms of use for AI features on behalf of my company.').check();
    await page.getByRole('button', { name: 'Activate AI features' }).click();
    await expect(page.getByText(`AI features are on (terms accepted by ${ADA.email}).`)).toBeVisible();
    expect(((await api('GET', '/api/v1/admin/ai-settings')) as { activated: boolean }).activated).toBe(true);
    await noSeriousViolations(page);

    // The session lives in the tab: a reload keeps it; signing out ends it.
    await page.reload();
    await expect(page.getByTestId('console-user')).toHaveText(`Signed in: ${ADA.name} · ${ADA.company}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tandem web console' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

    // Only the console page and its assets are served; the desktop renderer's page is not.
    expect((await page.request.get(`${cloud.url}/index.html`)).status()).toBe(404);
  });

  test.describe('in German', () => {
    test.use({ locale: 'de-DE' });

    test('follows the browser’s language, says a refusal in German, and switches language on request', async ({
      page,
      cloud,
    }) => {
      await admin(cloud.url);
      await page.goto(cloud.url);
      await expect(page.getByRole('heading', { level: 1, name: 'Tandem-Webkonsole' })).toBeVisible();
      await page.getByLabel('E-Mail').fill(ADA.email);
      await page.getByLabel('Passwort', { exact: true }).fill('nicht das Passwort');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await expect(page.getByRole('alert')).toHaveText(
        'E-Mail-Adresse oder Passwort stimmen nicht. Prüfen Sie beides und versuchen Sie es erneut.',
      );
      await page.getByLabel('Passwort', { exact: true }).fill(ADA.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
      await noSeriousViolations(page);

      await page.getByLabel('Sprache').selectOption('en');
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await page.reload();
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    });
  });
});
