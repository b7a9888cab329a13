import { createServer, type IncomingMessage } from 'node:http';
import { verifyWebhookSignature } from '../../server/integrations/deliveryWorker';
import { ADA, signIn } from './support/accounts';
import { openAdminSection } from './support/adminNav';
import { noSeriousViolations } from './support/axe';
import { Stage, expect, test } from './support/fixtures';
import { allowLogging, helpdeskStage, sessionWithChat } from './support/helpdesk';
import { openInsights } from './support/insights';
import { openEndUserBrowser } from './support/session';

/** A webhook receiver and a ServiceNow instance (incident INC0010001) in one local server. */
async function thirdParties() {
  const received: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url!, 'http://local');
      received.push({ path: url.pathname, headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json' });
      if (url.pathname === '/api/now/table/incident' && request.method === 'GET')
        return response.end(JSON.stringify({ result: [{ sys_id: 'a1b2c3', number: 'INC0010001' }] }));
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

test('an administrator connects webhooks, ServiceNow and an API token; a session’s summary reaches all three', async ({
  page,
  playwright,
  xvfb,
}, testInfo) => {
  test.setTimeout(90_000);
  const stage = new Stage();
  const parties = await thirdParties();
  try {
    const { cloud, supporter, host } = await helpdeskStage(stage, xvfb, ['--allow-private-integrations']);
    await page.goto(supporter.pageUrl);
    await signIn(page, ADA);
    await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
    await openAdminSection(page, 'Integrations');
    const integrations = page.getByRole('region', { name: 'Integrations' });

    const webhooks = integrations.getByRole('region', { name: 'Webhooks' });
    await expect(webhooks.getByText('No webhooks yet.')).toBeVisible();
    await webhooks.getByLabel('Endpoint URL').fill(`${parties.url}/hook`);
    await webhooks.getByRole('checkbox', { name: 'Summary edited' }).check();
    await webhooks.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await webhooks.getByTestId('webhook-secret').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await expect(webhooks.getByRole('table', { name: 'Webhooks' })).toContainText(`${parties.url}/hook`);

    const serviceNow = integrations.getByRole('form', { name: 'ServiceNow' });
    await serviceNow.getByRole('checkbox', { name: 'Send summaries to ServiceNow' }).check();
    await serviceNow.getByLabel('Instance URL').fill(parties.url);
    await serviceNow.getByLabel('User name').fill('tandem.integration');
    await serviceNow.getByLabel('Password').fill('sn-secret');
    await serviceNow.getByRole('button', { name: 'Save' }).click();
    await expect(serviceNow.getByRole('status')).toHaveText('Saved.');
    await expect(serviceNow.getByLabel('Password')).toHaveAttribute('placeholder', 'Stored — leave empty to keep it');
    // The stored password goes only to the instance it was entered for: another address needs it again.
    await serviceNow.getByLabel('Instance URL').fill('https://elsewhere.example');
    await expect(serviceNow.getByLabel('Password')).toHaveAttribute('required', '');
    await expect(serviceNow.getByLabel('Password')).toHaveAccessibleDescription(
      /enter the password or token for the new address/,
    );
    await serviceNow.getByLabel('Instance URL').fill(parties.url);
    await expect(serviceNow.getByLabel('Password')).not.toHaveAttribute('required', '');

    const tokens = integrations.getByRole('region', { name: 'API tokens' });
    await tokens.getByLabel('Name').fill('Reporting');
    await tokens.getByRole('button', { name: 'Create token' }).click();
    const token = (await tokens.getByTestId('api-token').textContent())!;
    expect(token).toMatch(/^tdm_/);
    await noSeriousViolations(page);

    const { browser: endUserBrowser, page: hostPage } = await openEndUserBrowser(playwright, host.pageUrl);
    try {
      await allowLogging(hostPage);
      await sessionWithChat(page, hostPage, 'The printer in room 4 shows a paper jam.');
    } finally {
      await endUserBrowser.close();
    }

    // Ada names the incident: ServiceNow gets the work note, the webhook hears of the edit.
    const { summaries, detail } = await openInsights(page);
    await summaries.first().click();
    await detail.getByRole('button', { name: 'Edit' }).click();
    await detail.getByRole('textbox', { name: /^Ticket/ }).fill('INC0010001');
    await detail.getByRole('button', { name: 'Save' }).click();
    await expect(detail).toContainText('INC0010001');

    await expect
      .poll(() => parties.received.filter((request) => request.path === '/hook').length, { timeout: 15_000 })
      .toBe(2);
    for (const delivery of parties.received.filter((request) => request.path === '/hook'))
      expect(verifyWebhookSignature(secret, delivery.headers['tandem-signature'] as string, delivery.body)).toBe(true);
    await expect
      .poll(() => parties.received.find((request) => request.path === '/api/now/table/incident/a1b2c3')?.body, {
        timeout: 15_000,
      })
      .toContain('INC0010001');

    await page.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
    await openAdminSection(page, 'Integrations');
    await webhooks.getByText('Delivery log').click();
    await expect(webhooks.getByTestId('delivery-status')).toHaveText(['Delivered', 'Delivered']);
    await serviceNow.getByText('Delivery log').click();
    await expect(serviceNow.getByTestId('delivery-status')).toHaveText(['Delivered']);

    // The token reads the company's summaries over the REST API.
    const response = await fetch(`${cloud.url}/api/v1/summaries/changes?since=0`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await response.json()) as { changes: { fields: { ticket?: string } }[] }).changes[0]!.fields.ticket).toBe(
      'INC0010001',
    );
    await stage.attachOutput(testInfo);
  } finally {
    await stage.stop();
    parties.server.closeAllConnections();
    await new Promise((resolve) => parties.server.close(resolve));
  }
});
