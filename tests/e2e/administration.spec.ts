import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { setupTokenFor } from './support/setupTokens';

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
  await expect(page.getByTestId('log-sessions-ada@acme.test')).toHaveText('On');
  await page.getByRole('checkbox', { name: 'Select ada@acme.test' }).check();
  await page.getByRole('button', { name: 'Switch off for the selected users' }).click();
  await expect(page.getByTestId('log-sessions-ada@acme.test')).toHaveText('Off');

  // AC-2: this device becomes managed and gets an enforcing policy.
  await page.getByRole('textbox', { name: 'Device ID' }).first().fill(deviceId);
  await page.getByRole('button', { name: 'Add device' }).click();
  await expect(page.getByText(`Device ${deviceId} added.`)).toBeVisible();
  await page.getByLabel('Policy name').fill('Office PCs');
  await page.getByRole('button', { name: 'Create policy' }).click();
  await expect(page.getByText('Policy “Office PCs” created.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Device ID' }).last().fill(deviceId);
  await page.getByRole('button', { name: 'Assign the policy to the device' }).click();
  await expect(page.getByText('Policy assigned.')).toBeVisible();

  // AC-3: a QuickSupport module with Session Insights.
  await page.getByLabel('Module name').fill('Acme QuickSupport');
  await page.getByLabel('Enable Session Insights for this module').check();
  await page.getByRole('button', { name: 'Save module' }).click();
  await expect(page.getByText(/Module saved\. End users start it with: --module \S+/)).toBeVisible();
  await noSeriousViolations(page);

  // The same screen in German, with the vendor's German terms.
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
  await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'KI-Einstellungen' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Zusammenfassungen für ausgehende Verbindungen' })).toBeChecked();
  await expect(
    page.getByRole('columnheader', { name: 'Sessions im Rahmen von Verbindungsprotokollen protokollieren' }),
  ).toBeVisible();
  await noSeriousViolations(page);
});
