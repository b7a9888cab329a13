import type { Page } from '@playwright/test';
import { ADA, admin, signIn, type AdminCall } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';

/** What the company holds before the administrator looks: more policies than one page shows. */
async function company(api: AdminCall, policies: number) {
  for (let index = 1; index <= policies; index += 1)
    await api('POST', '/api/v1/admin/policies', {
      name: `Policy ${String(index).padStart(2, '0')}`,
      settings: { insightsLogging: { value: 'allowed', enforced: false } },
    });
  const module = (await api('POST', '/api/v1/admin/quicksupport-modules', {
    name: 'Acme QuickSupport',
    logo: null,
    welcomeText: 'Hello from Acme',
    insightsEnabled: false,
  }))!.id as string;
  const role = (await api('POST', '/api/v1/admin/roles', { name: 'Support', permissions: ['insights.view'] }))!
    .id as string;
  await api('POST', '/api/v1/admin/users', {
    email: 'bo@helpdesk.test',
    name: 'Bo',
    password: 'bo’s long password',
    roleId: role,
  });
  return { module };
}

/** The console's texts, in the language the test reads it in. */
const TEXT = {
  en: {
    nav: 'Administration sections',
    sections: [
      'AI settings & credits',
      'Users',
      'Roles',
      'Devices',
      'Policies',
      'Enrolment tokens',
      'QuickSupport modules',
      'Integrations',
      'Audit',
    ],
    policies: 'Policies',
    modules: 'QuickSupport modules',
    roles: 'Roles',
  },
  de: {
    nav: 'Bereiche der Administration',
    sections: [
      'KI-Einstellungen und Guthaben',
      'Benutzer',
      'Rollen',
      'Geräte',
      'Richtlinien',
      'Registrierungstoken',
      'QuickSupport-Module',
      'Integrationen',
      'Prüfprotokolle',
    ],
    policies: 'Richtlinien',
    modules: 'QuickSupport-Module',
    roles: 'Rollen',
  },
} as const;

/** Opens a section from the console's navigation: its link is the current page, focus on its heading. */
async function open(page: Page, language: keyof typeof TEXT, section: string) {
  const nav = page.getByRole('navigation', { name: TEXT[language].nav });
  await nav.getByRole('link', { name: section, exact: true }).click();
  await expect(nav.getByRole('link', { name: section, exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 2, name: section, exact: true })).toBeFocused();
}

test.describe('the Administration console', () => {
  test('in the web console (English): sections, deep links, search and pages, edit and remove with confirmation', async ({
    page,
    cloud,
  }) => {
    test.setTimeout(180_000);
    const api = await admin(cloud.url);
    const { module } = await company(api, 30);

    await page.goto(cloud.url);
    await page.getByLabel('E-mail').fill(ADA.email);
    await page.getByLabel('Password', { exact: true }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();

    // Every section, each its own view, axe clean.
    const nav = page.getByRole('navigation', { name: TEXT.en.nav });
    await expect(nav.getByRole('link')).toHaveText([...TEXT.en.sections]);
    for (const section of TEXT.en.sections) {
      await open(page, 'en', section);
      await noSeriousViolations(page);
    }

    // A deep link survives a reload; back and forward follow the sections.
    await open(page, 'en', 'Policies');
    expect(new URL(page.url()).hash).toBe('#admin/policies');
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: 'Policies' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Policies' })).toHaveAttribute('aria-current', 'page');
    await open(page, 'en', 'QuickSupport modules');
    await page.goBack();
    await expect(page.getByRole('heading', { level: 2, name: 'Policies' })).toBeVisible();
    await page.goForward();
    await expect(page.getByRole('heading', { level: 2, name: 'QuickSupport modules' })).toBeVisible();
    await page.goto(`${cloud.url}/#admin/roles`);
    await expect(page.getByRole('heading', { level: 2, name: 'Roles' })).toBeVisible();

    // 30 policies: 25 on the first page, 5 on the second; the search filters.
    await open(page, 'en', 'Policies');
    const policies = page.getByRole('table', { name: 'Policies' });
    await expect(policies.getByRole('row')).toHaveCount(26);
    await expect(page.getByText('Page 1 of 2')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Previous page of Policies' })).toBeDisabled();
    await page.getByRole('button', { name: 'Next page of Policies' }).click();
    await expect(page.getByText('Page 2 of 2')).toBeVisible();
    await expect(policies.getByRole('row')).toHaveCount(6);
    await expect(policies.getByRole('cell', { name: 'Policy 30', exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Previous page of Policies' }).click();
    await page.getByLabel('Search Policies').fill('policy 07');
    await expect(policies.getByRole('row')).toHaveCount(2);
    await expect(page.getByText(/^Page \d of \d$/)).toHaveCount(0);
    await page.getByLabel('Search Policies').fill('nothing like it');
    await expect(
      page.getByText('Nothing matches “nothing like it”. Check the spelling or clear the search.'),
    ).toBeVisible();
    await page.getByLabel('Search Policies').fill('');

    // Edit a policy: its name and an enforced setting, each control with its own name.
    await page.getByRole('button', { name: 'Edit the policy Policy 01' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit the policy Policy 01' });
    await expect(editor.getByLabel('Policy name')).toBeFocused();
    await editor.getByLabel('Policy name').fill('Front office');
    await expect(editor.getByRole('checkbox', { name: 'Enforce Session Insights', exact: true })).toBeChecked();
    await editor.getByRole('checkbox', { name: 'Enforce Session Insights logging' }).check();
    await noSeriousViolations(page);
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await expect(editor).toHaveCount(0);
    await expect(page.getByText('Policy “Front office” saved.')).toBeVisible();
    const saved = (
      (await api('GET', '/api/v1/admin/policies'))!.policies as { name: string; settings: unknown }[]
    ).find((policy) => policy.name === 'Front office');
    expect(saved?.settings).toMatchObject({ insightsLogging: { value: 'allowed', enforced: true } });

    // Remove it: the confirmation says how many devices use it; Escape cancels, focus returns.
    const removeButton = page.getByRole('button', { name: 'Remove the policy Front office' });
    await removeButton.click();
    const confirm = page.getByRole('alertdialog', { name: 'Remove the policy “Front office”?' });
    await expect(confirm).toContainText('No device uses it.');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await expect(removeButton).toBeFocused();
    await removeButton.click();
    await confirm.getByRole('button', { name: 'Yes, remove “Front office”' }).click();
    await expect(page.getByText('Policy “Front office” removed.')).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Front office' })).toHaveCount(0);
    expect(((await api('GET', '/api/v1/admin/policies'))!.policies as unknown[]).length).toBe(29);

    // A module: edited, then removed after confirming.
    await open(page, 'en', 'QuickSupport modules');
    await page.getByRole('button', { name: 'Edit the module Acme QuickSupport' }).click();
    const moduleEditor = page.getByRole('dialog', { name: 'Edit the module Acme QuickSupport' });
    await moduleEditor.getByLabel('Module name').fill('Acme Help');
    await moduleEditor.getByLabel('Welcome text').fill('Acme IT is here to help.');
    await moduleEditor.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Module “Acme Help” saved.')).toBeVisible();
    await expect(page.getByTestId('module-Acme Help')).toContainText('Acme IT is here to help.');
    expect((await api('GET', `/api/v1/quicksupport-modules/${module}`))!.welcomeText).toBe('Acme IT is here to help.');
    await page.getByRole('button', { name: 'Remove the module Acme Help' }).click();
    await page
      .getByRole('alertdialog', { name: 'Remove the module “Acme Help”?' })
      .getByRole('button', { name: 'Yes, remove “Acme Help”' })
      .click();
    await expect(page.getByText('Module “Acme Help” removed.')).toBeVisible();
    await expect(
      page.getByText('No QuickSupport modules yet. Create the first one below with “Save module”.'),
    ).toBeVisible();

    // A role still held is not removed: the dialog says why, in the catalogue's words.
    await open(page, 'en', 'Roles');
    await page.getByRole('button', { name: 'Remove the role Support' }).click();
    const roleConfirm = page.getByRole('alertdialog', { name: 'Remove the role “Support”?' });
    await expect(roleConfirm).toContainText('1 user holds it now');
    await roleConfirm.getByRole('button', { name: 'Yes, remove “Support”' }).click();
    await expect(roleConfirm.getByRole('alert')).toHaveText(
      'Users still hold this role, so it cannot be removed. Give each of them another role under Users first, then remove it.',
    );
    await noSeriousViolations(page);
    await roleConfirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('cell', { name: 'Support', exact: true })).toBeVisible();

    // The role's name and permissions are edited in place.
    await page.getByRole('button', { name: 'Edit the role Support' }).click();
    const roleEditor = page.getByRole('dialog', { name: 'Edit the role Support' });
    await roleEditor.getByLabel('Role name').fill('Helpdesk');
    await roleEditor.getByRole('checkbox', { name: 'Export Session Insights' }).check();
    await roleEditor.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Role “Helpdesk” saved.')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Roles' })).toContainText(
      'View Session Insights, Export Session Insights',
    );
    expect(((await api('GET', '/api/v1/admin/roles'))!.roles as { name: string }[]).map((role) => role.name)).toContain(
      'Helpdesk',
    );
  });

  test('in the app (German): sections, a deep link kept on reload, edit and remove, the refusal in German', async ({
    page,
    tandem,
  }) => {
    test.setTimeout(180_000);
    const api = await admin(tandem.cloudUrl);
    await company(api, 27);
    await page.goto(tandem.pageUrl);
    await signIn(page);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();

    const nav = page.getByRole('navigation', { name: TEXT.de.nav });
    await expect(nav.getByRole('link')).toHaveText([...TEXT.de.sections]);
    for (const section of TEXT.de.sections) {
      await open(page, 'de', section);
      await noSeriousViolations(page);
    }

    // The deep link opens the Administration at its section after a reload of the app's page.
    await open(page, 'de', 'Richtlinien');
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: 'Richtlinien' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Richtlinien' })).toHaveAttribute('aria-current', 'page');

    // Pages and search, in German.
    const policies = page.getByRole('table', { name: 'Richtlinien' });
    await expect(page.getByText('Seite 1 von 2')).toBeVisible();
    await page.getByRole('button', { name: 'Nächste Seite: Richtlinien' }).click();
    await expect(policies.getByRole('row')).toHaveCount(3);
    await page.getByLabel('Richtlinien durchsuchen').fill('Policy 27');
    await expect(policies.getByRole('row')).toHaveCount(2);

    // Edit and remove a policy.
    await page.getByRole('button', { name: 'Die Richtlinie Policy 27 bearbeiten' }).click();
    const editor = page.getByRole('dialog', { name: 'Die Richtlinie Policy 27 bearbeiten' });
    await editor.getByLabel('Name der Richtlinie').fill('Empfang');
    await editor.getByRole('checkbox', { name: 'Session-Insights-Protokollierung erzwingen' }).check();
    await editor.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect(page.getByText('Richtlinie „Empfang“ gespeichert.')).toBeVisible();
    await page.getByLabel('Richtlinien durchsuchen').fill('Empfang');
    await page.getByRole('button', { name: 'Die Richtlinie Empfang entfernen' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Die Richtlinie „Empfang“ entfernen?' });
    await expect(confirm).toContainText('Kein Gerät verwendet sie.');
    await noSeriousViolations(page);
    await confirm.getByRole('button', { name: 'Ja, „Empfang“ entfernen' }).click();
    await expect(page.getByText('Richtlinie „Empfang“ entfernt.')).toBeVisible();

    // Edit and remove a module.
    await open(page, 'de', 'QuickSupport-Module');
    await page.getByRole('button', { name: 'Das Modul Acme QuickSupport bearbeiten' }).click();
    const moduleEditor = page.getByRole('dialog', { name: 'Das Modul Acme QuickSupport bearbeiten' });
    await moduleEditor.getByLabel('Name des Moduls').fill('Acme Hilfe');
    await moduleEditor.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect(page.getByText('Modul „Acme Hilfe“ gespeichert.')).toBeVisible();
    await page.getByRole('button', { name: 'Das Modul Acme Hilfe entfernen' }).click();
    await page
      .getByRole('alertdialog', { name: 'Das Modul „Acme Hilfe“ entfernen?' })
      .getByRole('button', { name: 'Ja, „Acme Hilfe“ entfernen' })
      .click();
    await expect(page.getByText('Modul „Acme Hilfe“ entfernt.')).toBeVisible();

    // The role still held: refused, in German.
    await open(page, 'de', 'Rollen');
    await page.getByRole('button', { name: 'Die Rolle Support entfernen' }).click();
    const roleConfirm = page.getByRole('alertdialog', { name: 'Die Rolle „Support“ entfernen?' });
    await roleConfirm.getByRole('button', { name: 'Ja, „Support“ entfernen' }).click();
    await expect(roleConfirm.getByRole('alert')).toHaveText(
      'Benutzer haben diese Rolle noch, daher kann sie nicht entfernt werden. Geben Sie ihnen zuerst unter Benutzer eine andere Rolle und entfernen Sie sie dann.',
    );
    await page.keyboard.press('Escape');
    await expect(roleConfirm).toHaveCount(0);
  });
});
