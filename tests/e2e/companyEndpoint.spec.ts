import { ADA, admin } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { Stage, expect, test } from './support/fixtures';

/**
 * AC-1 in a new user's first hour: Tandem started without naming an endpoint runs the built-in
 * one; the company account lives on the company's endpoint, which the user names where they sign in.
 */
test('a new user names the company’s endpoint in Settings and signs in there', async ({ page }, testInfo) => {
  const stage = new Stage();
  try {
    const company = await stage.cloud();
    await admin(company.url);
    const app = await stage.app(null);
    await page.goto(app.pageUrl);
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('endpoint-now')).toContainText(
      'Signing in at the built-in endpoint on this computer',
    );

    // The account is not on the built-in endpoint: the refusal, and where the sign-in went, are both shown.
    await page.getByLabel('E-mail').fill(ADA.email);
    await page.getByLabel('Password', { exact: true }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'The e-mail address or password is not correct. Check both and try again.',
    );

    // A mistyped address says what is wrong and changes nothing.
    const address = page.getByLabel('Your company’s endpoint address');
    await address.fill('http://127.0.0.1:9');
    await page.getByRole('button', { name: 'Use this endpoint' }).click();
    await expect(page.getByRole('alert').first()).toHaveText(
      'Your company’s cloud endpoint is not reachable. Check the network and try again.',
    );
    await expect(page.getByTestId('endpoint-now')).toContainText('built-in endpoint');

    await address.fill(company.url);
    await page.getByRole('button', { name: 'Use this endpoint' }).click();
    await expect(page.getByTestId('endpoint-now')).toHaveText(`Signing in at your company’s endpoint ${company.url}.`);
    await noSeriousViolations(page);
    await page.getByLabel('Password', { exact: true }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('account-status')).toHaveText(
      `Signed in as ${ADA.name} (${ADA.email}) at ${ADA.company}.`,
    );
    await stage.attachOutput(testInfo);
  } finally {
    await stage.stop();
  }
});
