import type { Browser, Page } from '@playwright/test';
import { videoDe } from '../../src-renderer/video/i18n.de';
import { videoEn } from '../../src-renderer/video/i18n.en';
import { apiCaller } from '../support/apiCall';
import { admin } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { FIRST_HOUR_WORDS } from './support/firstHourWords';
import { openEmployeeHarness, startHarnessCall } from './support/videoCallHarness';

/**
 * Video sessions' back office as a service desk lives it (issue 16, item 8, and the employee's side
 * of VS-2 and VS-3): Vic adds a device and hands its code on; the customer joins with it through the
 * endpoint's API (as their phone's page does) and opens a ticket; the conversation runs live both
 * ways; the customer requests a session, and Vic's app tells him at once, without a reload — he
 * opens it and confirms; he creates a session from the ticket's conversation and cancels it. Real
 * app against the real endpoint, read by roles and accessible names, axe on the way, in English
 * and in German; and the web console's Video area, live over its own socket.
 */

const VIC = { email: 'vic@helpdesk.test', password: 'a long password', name: 'Vic' };
const NIA = { email: 'nia@helpdesk.test', password: 'a long password', name: 'Nia' };

/** Helpdesk Inc with Vic, who views, manages and conducts video sessions. */
async function helpdesk(cloudUrl: string) {
  const ada = await admin(cloudUrl);
  const role = (await ada('POST', '/api/v1/admin/roles', {
    name: 'Video desk',
    permissions: ['video.view', 'video.manage', 'video.conduct'],
  }))!;
  await ada('POST', '/api/v1/admin/users', { ...VIC, roleId: role.id });
  const viewer = (await ada('POST', '/api/v1/admin/roles', {
    name: 'Video colleague',
    permissions: ['video.view', 'video.conduct'],
  }))!;
  await ada('POST', '/api/v1/admin/users', { ...NIA, roleId: viewer.id });
  const api = apiCaller(() => cloudUrl);
  /** The customer at the device, as the mobile page calls the endpoint with the code. */
  const customer = async (code: string) => {
    const joined = await api('POST', '/api/v1/video/join', { code });
    expect(joined.status).toBe(200);
    const token = joined.body!.token as string;
    const call = async (method: string, path: string, body?: unknown) => {
      const answer = await api(method, path, body, token);
      expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      return answer.body!;
    };
    return Object.assign(call, { token });
  };
  return { customer, api };
}

async function newPage(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

for (const [language, texts] of [
  ['en', videoEn.video],
  ['de', videoDe.video],
] as const) {
  const w = FIRST_HOUR_WORDS[language];
  test(`Video back office (${language}): a device and its code, a live ticket conversation, a request notified at once, confirmed and called from the app, a session created from the ticket and cancelled`, async ({
    browser,
    tandem,
  }) => {
    test.setTimeout(120_000);
    const { customer } = await helpdesk(tandem.cloudUrl);
    const page = await newPage(browser, w.locale);
    await page.goto(tandem.pageUrl);
    const nav = page.getByRole('navigation').first();
    await nav.getByRole('button', { name: w.settings }).click();
    await page.getByRole('textbox', { name: w.email }).fill(VIC.email);
    await page.getByLabel(w.password, { exact: true }).fill(VIC.password);
    await page.getByRole('button', { name: w.signIn }).click();

    await nav.getByRole('button', { name: texts.title, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: texts.title })).toBeVisible();
    await expect(page.getByRole('heading', { name: texts.sessions.emptyTitle })).toBeVisible();
    await noSeriousViolations(page);
    const sections = page.getByRole('navigation', { name: texts.sections });

    // Customers may request sessions for every device.
    await sections.getByRole('button', { name: texts.tabs.settings }).click();
    await page.getByRole('radio', { name: texts.settings.requestChoices.all }).check();
    await page.getByRole('button', { name: texts.save }).click();
    await expect(page.getByRole('status').filter({ hasText: texts.saved })).toBeVisible();

    // A device: its code shown at once, grouped, with the link to give the customer.
    await sections.getByRole('button', { name: texts.tabs.devices }).click();
    await expect(page.getByRole('heading', { name: texts.devices.emptyTitle })).toBeVisible();
    await page.getByRole('button', { name: texts.devices.add }).click();
    const addDialog = page.getByRole('dialog', { name: texts.devices.addTitle });
    await addDialog.getByRole('textbox', { name: texts.devices.name }).fill('Press 7');
    await addDialog.getByRole('textbox', { name: texts.devices.customer }).fill('Müller GmbH');
    await noSeriousViolations(page);
    await addDialog.getByRole('button', { name: texts.devices.create }).click();
    const codeDialog = page.getByRole('dialog', { name: texts.devices.codeTitle.replace('{{name}}', 'Press 7') });
    const code = codeDialog.getByTestId('video-device-code');
    await expect(code).toHaveText(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const deviceCode = (await code.textContent())!;
    await expect(codeDialog.getByTestId('video-device-link')).toHaveText(`${tandem.cloudUrl}/v/${deviceCode}`);
    await expect(codeDialog.getByRole('button', { name: texts.devices.copyCode })).toBeVisible();
    await noSeriousViolations(page);
    await codeDialog.getByRole('button', { name: texts.done }).click();
    await expect(page.getByTestId('video-device-row').filter({ hasText: 'Press 7' })).toContainText(deviceCode);

    // The customer joins with the code and opens a ticket; Vic reads it and answers.
    const asCustomer = await customer(deviceCode);
    const opened = await asCustomer('POST', '/api/v1/video/me/tickets', {
      title: 'Oil leak',
      message: 'There is oil under the press.',
    });
    await sections.getByRole('button', { name: texts.tabs.tickets }).click();
    await page.getByRole('button', { name: texts.tickets.openLabel.replace('{{title}}', 'Oil leak') }).click();
    const messages = page.getByTestId('video-messages');
    await expect(messages).toContainText('There is oil under the press.');
    await page.getByRole('textbox', { name: texts.ticket.message }).fill('Please show me by video.');
    await page.getByRole('button', { name: texts.ticket.send }).click();
    await expect(messages).toContainText('Please show me by video.');
    const thread = await asCustomer('GET', `/api/v1/video/me/tickets/${opened.id as string}`);
    expect((thread.messages as { body: string }[]).map((message) => message.body)).toEqual([
      'There is oil under the press.',
      'Please show me by video.',
    ]);
    // The customer's answer appears while Vic looks: pushed, not reloaded.
    await asCustomer('POST', `/api/v1/video/me/tickets/${opened.id as string}/messages`, { body: 'Calling now.' });
    await expect(messages.getByRole('listitem')).toHaveCount(3);
    await expect(messages.getByRole('listitem').last()).toContainText('Calling now.');
    await noSeriousViolations(page);

    // The ITSM reference, and closing (no more writing) and reopening the ticket.
    await page.getByRole('button', { name: texts.ticket.editReference }).click();
    await page.getByRole('textbox', { name: texts.ticket.reference }).fill('INC-4711');
    await page.getByRole('button', { name: texts.save }).click();
    await expect(page.getByText('INC-4711')).toBeVisible();
    await page.getByRole('button', { name: texts.ticket.close }).click();
    await expect(page.getByText(texts.ticket.closedHint)).toBeVisible();
    await expect(page.getByRole('textbox', { name: texts.ticket.message })).toHaveCount(0);
    await page.getByRole('button', { name: texts.ticket.reopen }).click();
    await expect(page.getByRole('textbox', { name: texts.ticket.message })).toBeVisible();

    // The customer requests a session: the notice appears at once, wherever Vic is.
    await nav.getByRole('button', { name: w.settings }).click();
    const requested = await asCustomer('POST', '/api/v1/video/me/sessions', {
      reason: 'The press leaks oil at the valve',
      ticketId: opened.id,
    });
    const notice = page.getByTestId('video-notice');
    await expect(notice).toContainText('Press 7');
    await expect(notice).toContainText('The press leaks oil at the valve');
    await expect(notice).toContainText(texts.notice.ticket.replace('{{title}}', 'Oil leak'));
    await noSeriousViolations(page);
    await notice.getByRole('button', { name: texts.notice.openLabel.replace('{{device}}', 'Press 7') }).click();
    const title = page.getByRole('heading', { level: 2, name: texts.session.title.replace('{{device}}', 'Press 7') });
    await expect(title).toContainText(texts.status.REQUESTED);
    await expect(notice).toHaveCount(0);
    await page.getByRole('button', { name: texts.session.events.confirm }).click();
    await expect(title).toContainText(texts.status.CONFIRMED);
    await expect(page.getByRole('listitem').filter({ hasText: texts.session.changes.confirm })).toContainText(
      texts.session.by.replace('{{actor}}', VIC.name),
    );
    await noSeriousViolations(page);

    // The call from the desktop app (its core carries the call socket): the customer's phone joins,
    // Vic starts; IN PROGRESS, his camera off; he ends it: DONE.
    const phone = await (await browser.newContext()).newPage();
    await openEmployeeHarness(phone);
    await startHarnessCall(phone, {
      endpoint: tandem.cloudUrl,
      token: asCustomer.token,
      sessionId: requested.id as string,
      role: 'code-user',
    });
    await page.getByRole('button', { name: texts.session.startCall }).click();
    const call = page.getByRole('region', { name: texts.call.title });
    await expect(call).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
    await expect(title).toContainText(texts.status.IN_PROGRESS);
    await expect(call.getByRole('button', { name: texts.call.cameraOn })).toHaveAttribute('aria-pressed', 'false');
    await noSeriousViolations(page);
    await call.getByRole('button', { name: texts.call.end }).click();
    await expect(call.getByRole('status')).toHaveText(texts.call.ended);
    await expect(title).toContainText(texts.status.DONE);
    await phone.context().close();

    await page.getByRole('button', { name: texts.back.sessions }).click();
    const row = page.getByTestId('video-session-row').filter({ hasText: 'The press leaks oil at the valve' });
    await expect(row).toContainText(texts.status.DONE);
    await page.getByRole('combobox', { name: texts.sessions.statusFilter }).selectOption('CONFIRMED');
    await expect(row).toHaveCount(0);
    await page.getByRole('combobox', { name: texts.sessions.statusFilter }).selectOption('');
    await expect(row).toBeVisible();

    // Direct creation from the ticket's conversation: device and ticket preset, Vic assigned.
    await sections.getByRole('button', { name: texts.tabs.tickets }).click();
    await page.getByRole('button', { name: texts.tickets.openLabel.replace('{{title}}', 'Oil leak') }).click();
    await page.getByRole('button', { name: texts.create.open }).click();
    const create = page.getByRole('dialog', { name: texts.create.title });
    await expect(create.getByRole('combobox', { name: texts.create.device })).toHaveValue(/.+/);
    await expect(create.getByRole('combobox', { name: texts.create.ticket })).toHaveValue(opened.id as string);
    await expect(create.getByRole('checkbox', { name: VIC.name })).toBeChecked();
    await create.getByRole('textbox', { name: texts.create.reason }).fill('Follow-up: check the new seal');
    await noSeriousViolations(page);
    await create.getByRole('button', { name: texts.create.submit }).click();
    const created = page.getByRole('heading', { level: 2, name: texts.session.title.replace('{{device}}', 'Press 7') });
    await expect(created).toContainText(texts.status.CONFIRMED);
    await expect(page.getByText('Follow-up: check the new seal')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Oil leak' })).toBeVisible();

    // Cancelled before the call: the status says so, and only what is left to do is offered.
    await page.getByRole('button', { name: texts.session.events.cancel }).click();
    await expect(created).toContainText(texts.status.CANCELLED);
    await expect(page.getByRole('button', { name: texts.session.events.cancel })).toHaveCount(0);
    await noSeriousViolations(page);
    await page.getByRole('button', { name: texts.back.sessions }).click();
    await expect(
      page.getByTestId('video-session-row').filter({ hasText: 'Follow-up: check the new seal' }),
    ).toContainText(texts.status.CANCELLED);
  });
}

test('the web console’s Video area: a request is told at once over its own socket, opened and confirmed; a colleague not assigned may look, not act', async ({
  browser,
  page,
  tandem,
}) => {
  const texts = videoEn.video;
  const { customer, api } = await helpdesk(tandem.cloudUrl);
  const refusedByPolicy: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) refusedByPolicy.push(message.text());
  });
  await page.goto(tandem.cloudUrl);
  await page.getByLabel('E-mail').fill(VIC.email);
  await page.getByLabel('Password', { exact: true }).fill(VIC.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: texts.title })).toBeVisible();
  await expect(page.getByRole('heading', { name: texts.sessions.emptyTitle })).toBeVisible();
  const sections = page.getByRole('navigation', { name: texts.sections });
  await sections.getByRole('button', { name: texts.tabs.settings }).click();
  await page.getByRole('radio', { name: texts.settings.requestChoices.all }).check();
  await page.getByRole('button', { name: texts.save }).click();
  await expect(page.getByRole('status').filter({ hasText: texts.saved })).toBeVisible();
  await sections.getByRole('button', { name: texts.tabs.devices }).click();
  await page.getByRole('button', { name: texts.devices.add }).click();
  const addDialog = page.getByRole('dialog', { name: texts.devices.addTitle });
  await addDialog.getByRole('textbox', { name: texts.devices.name }).fill('Pump 2');
  await addDialog.getByRole('button', { name: texts.devices.create }).click();
  const codeDialog = page.getByRole('dialog', { name: texts.devices.codeTitle.replace('{{name}}', 'Pump 2') });
  const deviceCode = (await codeDialog.getByTestId('video-device-code').textContent())!;
  await expect(codeDialog.getByTestId('video-device-link')).toHaveText(`${tandem.cloudUrl}/v/${deviceCode}`);
  await codeDialog.getByRole('button', { name: texts.done }).click();
  await sections.getByRole('button', { name: texts.tabs.sessions }).click();

  const asCustomer = await customer(deviceCode);
  const requested = await asCustomer('POST', '/api/v1/video/me/sessions', { reason: 'The pump hums' });
  const notice = page.getByTestId('video-notice');
  await expect(notice).toContainText('Pump 2');
  await expect(notice).toContainText(texts.notice.noTicket);
  // The list below has the request too, live.
  const row = page.getByTestId('video-session-row').filter({ hasText: 'The pump hums' });
  await expect(row).toContainText(texts.status.REQUESTED);
  await noSeriousViolations(page);
  await notice.getByRole('button', { name: texts.notice.openLabel.replace('{{device}}', 'Pump 2') }).click();
  await page.getByRole('button', { name: texts.session.events.confirm }).click();
  const title = page.getByRole('heading', { level: 2, name: texts.session.title.replace('{{device}}', 'Pump 2') });
  await expect(title).toContainText(texts.status.CONFIRMED);

  // The call (VS-5): the customer's phone joins (the real call module, fake camera), Vic starts it
  // here; IN PROGRESS while it runs, his camera off until he turns it on; ended, DONE; closed, reopened.
  const phone = await (await browser.newContext()).newPage();
  await openEmployeeHarness(phone);
  await startHarnessCall(phone, {
    endpoint: tandem.cloudUrl,
    token: asCustomer.token,
    sessionId: requested.id as string,
    role: 'code-user',
  });
  await page.getByRole('button', { name: texts.session.startCall }).click();
  const call = page.getByRole('region', { name: texts.call.title });
  await expect(call).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
  await expect(title).toContainText(texts.status.IN_PROGRESS);
  await expect(call.getByRole('button', { name: texts.call.cameraOn })).toHaveAttribute('aria-pressed', 'false');
  await noSeriousViolations(page);
  await call.getByRole('button', { name: texts.call.end }).click();
  await expect(call.getByRole('status')).toHaveText(texts.call.ended);
  await expect(title).toContainText(texts.status.DONE);
  await call.getByRole('button', { name: texts.call.close }).click();
  await page.getByRole('button', { name: texts.session.events.close }).click();
  await expect(title).toContainText(texts.status.CLOSED);
  await page.getByRole('button', { name: texts.session.events.reopen }).click();
  await expect(title).toContainText(texts.status.CONFIRMED);
  await phone.context().close();
  await page.getByRole('button', { name: texts.back.sessions }).click();
  await expect(row).toContainText(texts.status.CONFIRMED);
  await noSeriousViolations(page);

  // The device's details list its sessions.
  await sections.getByRole('button', { name: texts.tabs.devices }).click();
  await page.getByRole('button', { name: texts.devices.openLabel.replace('{{name}}', 'Pump 2') }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Pump 2' })).toBeVisible();
  await expect(page.getByTestId('video-session-row').filter({ hasText: 'The pump hums' })).toContainText(
    texts.status.CONFIRMED,
  );
  await noSeriousViolations(page);

  // A new code, after a confirmation: the old one stops working at once.
  await page.getByRole('button', { name: texts.devices.newCode }).click();
  await page
    .getByRole('alertdialog', { name: texts.devices.newCodeTitle.replace('{{name}}', 'Pump 2') })
    .getByRole('button', { name: texts.devices.newCodeConfirm })
    .click();
  const renewed = page.getByRole('dialog', { name: texts.devices.codeTitle.replace('{{name}}', 'Pump 2') });
  await expect(renewed.getByTestId('video-device-code')).not.toHaveText(deviceCode);
  await renewed.getByRole('button', { name: texts.done }).click();
  expect((await api('POST', '/api/v1/video/join', { code: deviceCode })).status).toBe(404);
  // Disabled, then enabled again.
  await page.getByRole('button', { name: texts.devices.disable }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Pump 2' })).toContainText(texts.devices.disabled);
  await page.getByRole('button', { name: texts.devices.enable }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Pump 2' })).not.toContainText(texts.devices.disabled);

  // Nia sees every session (video.view) but is not assigned: the actions say why they are not hers.
  const colleague = await (await browser.newContext()).newPage();
  await colleague.goto(tandem.cloudUrl);
  await colleague.getByLabel('E-mail').fill(NIA.email);
  await colleague.getByLabel('Password', { exact: true }).fill(NIA.password);
  await colleague.getByRole('button', { name: 'Sign in' }).click();
  await expect(colleague.getByRole('navigation', { name: texts.sections }).getByRole('button')).toHaveText([
    texts.tabs.sessions,
    texts.tabs.tickets,
  ]);
  await colleague.getByRole('button', { name: texts.sessions.openLabel.replace('{{device}}', 'Pump 2') }).click();
  const cancel = colleague.getByRole('button', { name: texts.session.events.cancel });
  await expect(cancel).toBeDisabled();
  await expect(cancel).toHaveAccessibleDescription(texts.session.notAssigned);
  await noSeriousViolations(colleague);
  expect(refusedByPolicy).toEqual([]);
});
