import { apiCaller } from '../support/apiCall';
import { ADA, admin, signIn } from './support/accounts';
import { openAdminSection } from './support/adminNav';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';

test('an administrator changes a user’s role, disables and removes them, and reads who changed what', async ({
  page,
  tandem,
}) => {
  const api = await admin(tandem.cloudUrl);
  const support = (await api('POST', '/api/v1/admin/roles', { name: 'Support', permissions: ['insights.view'] }))!
    .id as string;
  const viewers = (await api('POST', '/api/v1/admin/roles', { name: 'Viewers', permissions: ['insights.view'] }))!
    .id as string;
  await api('POST', '/api/v1/admin/users', {
    email: 'bo@helpdesk.test',
    name: 'Bo',
    password: 'bo’s long password',
    roleId: support,
  });
  const call = apiCaller(() => tandem.cloudUrl);
  const bo = (await call('POST', '/api/v1/auth/sign-in', { email: 'bo@helpdesk.test', password: 'bo’s long password' }))
    .body!.token as string;

  await page.goto(tandem.pageUrl);
  await signIn(page);
  await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
  await openAdminSection(page, 'Users');

  // A new role for Bo.
  await page.getByRole('combobox', { name: 'Role of bo@helpdesk.test' }).selectOption({ label: 'Viewers' });
  await expect(page.getByText('Bo now has the role “Viewers”.')).toBeVisible();
  expect((await api('GET', '/api/v1/admin/users'))!.users).toEqual(
    expect.arrayContaining([expect.objectContaining({ email: 'bo@helpdesk.test', roleId: viewers })]),
  );

  // The last administrator cannot take user management from herself: the screen says why.
  await page.getByRole('combobox', { name: `Role of ${ADA.email}` }).selectOption({ label: 'Viewers' });
  await expect(
    page.getByRole('alert').filter({
      hasText:
        'This would leave your company without an active user who can manage users. Give another user that permission first.',
    }),
  ).toBeVisible();
  await expect(page.getByRole('combobox', { name: `Role of ${ADA.email}` }).locator('option:checked')).toHaveText(
    'Administrator',
  );

  // Disabled: Bo's session ends at once.
  await page.getByRole('button', { name: 'Disable bo@helpdesk.test' }).click();
  await expect(page.getByTestId('status-bo@helpdesk.test')).toHaveText('Disabled');
  expect((await call('GET', '/api/v1/me', undefined, bo)).status).toBe(401);
  await page.getByRole('button', { name: 'Enable bo@helpdesk.test' }).click();
  await expect(page.getByTestId('status-bo@helpdesk.test')).toHaveText('Active');

  // Removing asks first; cancelling keeps Bo.
  await page.getByRole('button', { name: 'Remove bo@helpdesk.test' }).click();
  const confirm = page.getByRole('alertdialog', { name: /^Remove Bo \(bo@helpdesk\.test\)\?/ });
  await expect(confirm).toBeVisible();
  await noSeriousViolations(page);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('status-bo@helpdesk.test')).toHaveText('Active');
  await page.getByRole('button', { name: 'Remove bo@helpdesk.test' }).click();
  await confirm.getByRole('button', { name: 'Remove Bo for good' }).click();
  await expect(page.getByText('Bo was removed.')).toBeVisible();
  await expect(page.getByTestId('status-bo@helpdesk.test')).toHaveCount(0);

  await page.getByText('Account changes').click();
  const audit = page.getByTestId('account-audit');
  await expect(audit.getByRole('listitem').first()).toContainText(
    `Ada Support <${ADA.email}> removed bo@helpdesk.test`,
  );
  await expect(audit).toContainText(`Ada Support <${ADA.email}> disabled bo@helpdesk.test`);
  await noSeriousViolations(page);

  // The same in German.
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
  await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
  await openAdminSection(page, 'Benutzer', 'Bereiche der Administration');
  await expect(page.getByRole('columnheader', { name: 'Rolle' })).toBeVisible();
  await expect(page.getByRole('button', { name: `${ADA.email} deaktivieren` })).toBeVisible();
  await page.getByText('Änderungen an Konten').click();
  await expect(page.getByTestId('account-audit')).toContainText(
    `Ada Support <${ADA.email}> hat entfernt: bo@helpdesk.test`,
  );
  await noSeriousViolations(page);
});
