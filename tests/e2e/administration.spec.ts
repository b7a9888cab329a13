import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tempDir';
import { openAdminSection } from './support/adminNav';
import { noSeriousViolations } from './support/axe';
import { Stage, expect, test } from './support/fixtures';
import { setupTokenFor } from './support/setupTokens';

/** A 1×1 PNG. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function api(cloudUrl: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${cloudUrl}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
}

test('an administrator sets up Session Insights for the company in the app', async ({ page, tandem }) => {
  await api(tandem.cloudUrl, 'POST', '/api/v1/setup', {
    company: 'Acme',
    name: 'Ada Admin',
    email: 'ada@acme.test',
    password: 'correct horse battery',
    setupToken: setupTokenFor(tandem.cloudUrl),
  });
  const token = (await api(tandem.cloudUrl, 'POST', '/api/v1/auth/sign-in', {
    email: 'ada@acme.test',
    password: 'correct horse battery',
  }))!.token as string;
  await page.goto(tandem.pageUrl);
  const deviceId = (await page.getByTestId('device-id').textContent())!.replaceAll(' ', '');

  await expect(page.getByRole('navigation').getByRole('button', { name: 'Administration' })).toHaveCount(0);
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('E-mail').fill('ada@acme.test');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();

  // SI-1: activation needs the terms accepted.
  await expect(page.getByText('AI features are off for your company: nothing is summarised.')).toBeVisible();
  await expect(page.getByTestId('ai-credits')).toHaveText('AI credits: 5 left (Business)');
  const activate = page.getByRole('button', { name: 'Activate AI features' });
  await expect(activate).toBeDisabled();
  await page.getByLabel('I accept the terms of use for AI features on behalf of my company.').check();
  await activate.click();
  await expect(page.getByText('AI features are on (terms accepted by ada@acme.test).')).toBeVisible();

  // SI-2, SI-3: outgoing summaries, for QuickSupport modules only.
  await page.getByRole('checkbox', { name: 'Summaries for outgoing connections' }).check();
  await page.getByRole('radio', { name: 'Only connections using custom QuickSupport modules' }).check();
  await expect
    .poll(async () => (await api(tandem.cloudUrl, 'GET', '/api/v1/admin/ai-settings', undefined, token))!.outgoing)
    .toEqual({ enabled: true, scope: 'quicksupport_modules' });

  // SI-6: Log sessions for connection reporting, for the selected users at once.
  await openAdminSection(page, 'Users');
  await expect(page.getByTestId('log-sessions-ada@acme.test')).toHaveText('On');
  await page.getByRole('checkbox', { name: 'Select ada@acme.test' }).check();
  await page.getByRole('button', { name: 'Switch off for the selected users' }).click();
  await expect(page.getByTestId('log-sessions-ada@acme.test')).toHaveText('Off');

  // AC-2: no device is added by typing its ID; the screen says how devices join.
  await openAdminSection(page, 'Devices');
  await expect(page.getByRole('button', { name: 'Add device' })).toHaveCount(0);
  await expect(page.getByText(/A device joins the company in one of two ways/)).toBeVisible();
  await expect(page.getByText('No device belongs to the company yet.')).toBeVisible();

  // A user signed in on this computer adds it to the company, in Settings (unmanaged).
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('company-membership')).toHaveText('This computer belongs to no company.');
  await page.getByRole('button', { name: 'Add this computer to Acme' }).click();
  await expect(page.getByTestId('company-membership')).toHaveText(
    'This computer belongs to Acme (added by ada@acme.test; not managed by IT).',
  );
  await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
  await openAdminSection(page, 'Devices');
  await expect(page.getByTestId(`company-device-${deviceId}`)).toContainText('Unmanaged: added by ada@acme.test');
  await expect(page.getByTestId(`company-device-${deviceId}`)).toContainText('Linux');
  // This computer is connected to the endpoint's signaling hub right now.
  await expect(page.getByTestId(`company-device-${deviceId}`)).toContainText('Online');

  // DP-2: an enrolment token; a computer IT starts with it joins as a managed device.
  await openAdminSection(page, 'Enrolment tokens');
  await page.getByLabel('Token name').fill('Office PCs');
  await page.getByLabel('At most this many devices').fill('5');
  await page.getByRole('button', { name: 'Create enrolment token' }).click();
  await expect(page.getByText('Token “Office PCs” created. Copy it now: it is not shown again.')).toBeVisible();
  const enrollmentToken = (await page.getByTestId('enrollment-token').textContent())!;
  await expect(page.getByText(/^Office PCs: used by 0\/5 devices/)).toBeVisible();
  const stage = new Stage();
  const config = tempDir();
  try {
    const policyFile = join(config.path, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ enrollmentToken }));
    await stage.app(tandem.cloudUrl, {}, 'managed PC', ['--managed-config', policyFile]);
    const managedDevice = async () =>
      (
        (await api(tandem.cloudUrl, 'GET', '/api/v1/admin/devices', undefined, token)) as {
          devices: { deviceId: string; managed: boolean }[];
        }
      ).devices.find((device) => device.managed)?.deviceId;
    await expect.poll(managedDevice, { timeout: 15_000 }).toMatch(/^\d{9}$/);
    const managedId = (await managedDevice())!;
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
    await openAdminSection(page, 'Devices');
    await expect(page.getByTestId(`company-device-${managedId}`)).toContainText(
      'Managed: enrolment token “Office PCs”',
    );

    // Policies go to managed devices: this one gets an enforcing policy.
    await openAdminSection(page, 'Policies');
    await page.getByLabel('Policy name').fill('Office PCs');
    await page.getByRole('button', { name: 'Create policy' }).click();
    await expect(page.getByText('Policy “Office PCs” created.')).toBeVisible();
    await openAdminSection(page, 'Devices');
    await expect(page.getByRole('combobox', { name: `Policy of device ${deviceId}` })).toHaveCount(0);
    await page.getByRole('combobox', { name: `Policy of device ${managedId}` }).selectOption({ label: 'Office PCs' });
    await expect(page.getByText(`Policy assigned to device ${managedId}.`)).toBeVisible();
    await openAdminSection(page, 'Policies');
    await expect(page.getByTestId('policy-Office PCs')).toContainText('1 device');

    // The administrator removes this computer again, after confirming.
    await openAdminSection(page, 'Devices');
    await page.getByRole('button', { name: `Remove device ${deviceId} from the company` }).click();
    const confirm = page.getByRole('alertdialog', {
      name: new RegExp(`^Remove the device .* \\(${deviceId}\\) from the company\\?$`),
    });
    await confirm.getByRole('button', { name: /^Yes, remove/ }).click();
    await expect(page.getByText(`Device ${deviceId} removed from the company.`)).toBeVisible();
    await expect(page.getByTestId(`company-device-${deviceId}`)).toHaveCount(0);
  } finally {
    await stage.stop();
    config.cleanup();
  }

  // AC-3: a QuickSupport module with Session Insights.
  await openAdminSection(page, 'QuickSupport modules');
  await page.getByLabel('Module name').fill('Acme QuickSupport');
  await page.getByLabel('Enable Session Insights for this module').check();
  // Its logo from a file: a file that is no image is refused by name, an image is previewed.
  const logoInput = page.getByLabel('Logo', { exact: true });
  await logoInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  const refusedFile = page.getByRole('alert').filter({ hasText: 'notes.txt' });
  await expect(refusedFile).toHaveText('“notes.txt” is not a PNG, JPEG, WebP, GIF or SVG image.');
  await logoInput.setInputFiles({ name: 'acme.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1, 'base64') });
  await expect(page.getByRole('img', { name: 'Logo of Acme QuickSupport' })).toBeVisible();
  await expect(refusedFile).toBeHidden();
  await page.getByRole('button', { name: 'Save module' }).click();
  await expect(page.getByText(/Module saved\. End users start it with: --module \S+/)).toBeVisible();
  await expect(page.getByTestId('module-Acme QuickSupport').locator('img')).toHaveAttribute(
    'src',
    `data:image/png;base64,${PNG_1X1}`,
  );
  await noSeriousViolations(page);

  // The same screen in German, with the vendor's German terms.
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
  await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'KI-Einstellungen' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Zusammenfassungen für ausgehende Verbindungen' })).toBeChecked();
  await openAdminSection(page, 'Registrierungstoken', 'Bereiche der Administration');
  await expect(page.getByRole('heading', { name: 'Registrierungstoken', exact: true })).toBeVisible();
  await openAdminSection(page, 'Benutzer', 'Bereiche der Administration');
  await expect(
    page.getByRole('columnheader', { name: 'Sessions im Rahmen von Verbindungsprotokollen protokollieren' }),
  ).toBeVisible();
  await noSeriousViolations(page);
});
