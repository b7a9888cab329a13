import { ADA, admin } from './support/accounts';
import { expect, test } from './support/fixtures';

test('a refused sign-in reads as its own sentence: a wrong password, then the code a second factor needs', async ({
  page,
  tandem,
}) => {
  const api = await admin(tandem.cloudUrl);
  await page.goto(tandem.pageUrl);
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('E-mail').fill(ADA.email);
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'The e-mail address or password is not correct. Check both and try again.',
  );

  await api('POST', '/api/v1/auth/totp', { password: ADA.password });
  await page.getByLabel('Password', { exact: true }).fill(ADA.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'This account uses a second factor: enter the 6-digit code from your authenticator app.',
  );
});
