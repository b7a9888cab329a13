import { devices } from '@playwright/test';
import { settingsDe } from '../../src-renderer/settings/i18n.de';
import { settingsEn } from '../../src-renderer/settings/i18n.en';
import { shellDe } from '../../src-renderer/shell/i18n.de';
import { shellEn } from '../../src-renderer/shell/i18n.en';
import { videoDe } from '../../src-renderer/video/i18n.de';
import { videoEn } from '../../src-renderer/video/i18n.en';
import { videoPageDe } from '../../src-renderer/video/page/i18n.de';
import { videoPageEn } from '../../src-renderer/video/page/i18n.en';
import { admin } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import {
  expectOfferWithoutVideo,
  framesDecodedByNewest,
  offersMade,
  recordPeerConnections,
} from './support/peerConnections';

/** Each language's texts, from the app's own catalogues: the German run reads exactly what a German user reads. */
const LANGUAGES = {
  en: {
    locale: 'en-US',
    office: videoEn.video,
    phone: videoPageEn,
    shell: shellEn.nav,
    settings: settingsEn.settings,
  },
  de: {
    locale: 'de-DE',
    office: videoDe.video,
    phone: videoPageDe,
    shell: shellDe.nav,
    settings: settingsDe.settings,
  },
} as const;

/** `{{name}}` placeholders filled in, as the app's `t` does. */
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

const VIC = { email: 'vic@helpdesk.test', password: 'a long password', name: 'Vic Field' };

/**
 * Issue 16's story from both chairs, on the real UIs: Vic, at the service desk, adds a device in his
 * Tandem and reads its code off the screen; the customer at the device types it into the phone page
 * (lower case, no dashes), opens a ticket, and requests a video session for it. Vic's app tells him
 * at once; he opens the request, confirms it, and both start the call: IN PROGRESS on both sides,
 * the phone's camera decodes at Vic's, whose own camera stays off. Ended, DONE; Vic closes the review,
 * reopens it, and a second call runs and ends; the history lists every change and who made it. In
 * English and in German.
 */
for (const language of ['en', 'de'] as const) {
  const { locale, office, phone: words, shell, settings } = LANGUAGES[language];
  test(`Video session story (${language}): a device's code typed on the phone → a ticket and a request → notified at once → confirmed → called, frames decode, the employee's camera off → DONE → CLOSED → reopened → a second call`, async ({
    browser,
    tandem,
  }) => {
    test.setTimeout(180_000);
    // The company: Vic may view, manage and conduct video sessions.
    const ada = await admin(tandem.cloudUrl);
    const role = (await ada('POST', '/api/v1/admin/roles', {
      name: 'Video desk',
      permissions: ['video.view', 'video.manage', 'video.conduct'],
    }))!;
    await ada('POST', '/api/v1/admin/users', { ...VIC, roleId: role.id });

    // Vic signs in to his Tandem and opens Video sessions.
    const desk = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const vic = await desk.newPage();
    await recordPeerConnections(vic);
    await vic.goto(tandem.pageUrl);
    const nav = vic.getByRole('navigation').first();
    await nav.getByRole('button', { name: shell.settings }).click();
    await vic.getByRole('textbox', { name: settings.email }).fill(VIC.email);
    await vic.getByLabel(settings.password, { exact: true }).fill(VIC.password);
    await vic.getByRole('button', { name: settings.signIn }).click();
    await expect(vic.getByTestId('account-status')).toContainText(VIC.email);
    await nav.getByRole('button', { name: shell.video, exact: true }).click();
    await expect(vic.getByRole('heading', { level: 1, name: office.title })).toBeVisible();
    await noSeriousViolations(vic);
    const sections = vic.getByRole('navigation', { name: office.sections });

    // Customers may request sessions.
    await sections.getByRole('button', { name: office.tabs.settings }).click();
    await vic.getByRole('radio', { name: office.settings.requestChoices.all }).check();
    await vic.getByRole('button', { name: office.save }).click();
    await expect(vic.getByRole('status').filter({ hasText: office.saved })).toBeVisible();

    // 1. A device with a code, read off the screen.
    await sections.getByRole('button', { name: office.tabs.devices }).click();
    await vic.getByRole('button', { name: office.devices.add }).click();
    const addDialog = vic.getByRole('dialog', { name: office.devices.addTitle });
    await addDialog.getByRole('textbox', { name: office.devices.name }).fill('Press 7');
    await addDialog.getByRole('textbox', { name: office.devices.customer }).fill('Müller GmbH');
    await addDialog.getByRole('button', { name: office.devices.create }).click();
    const codeDialog = vic.getByRole('dialog', { name: fill(office.devices.codeTitle, { name: 'Press 7' }) });
    const shownCode = codeDialog.getByTestId('video-device-code');
    await expect(shownCode).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const code = (await shownCode.textContent())!;
    await noSeriousViolations(vic);
    await codeDialog.getByRole('button', { name: office.done }).click();

    // 2. The customer's phone: the code typed by hand, in lower case and without dashes.
    const mobile = await browser.newContext({ ...devices['Pixel 7'], locale });
    const phone = await mobile.newPage();
    await phone.goto(`${tandem.cloudUrl}/v/`);
    await expect(phone.getByRole('heading', { level: 1, name: words.join.heading })).toBeVisible();
    await noSeriousViolations(phone);
    await phone.getByLabel(words.join.code).fill(code.replace(/-/g, '').toLowerCase());
    await phone.getByRole('button', { name: words.join.submit }).click();
    await expect(phone.getByRole('heading', { level: 1, name: 'Press 7' })).toBeVisible();
    await expect(phone.getByText(words.home.noSessions)).toBeVisible();
    await noSeriousViolations(phone);

    // A ticket, with the first message.
    await phone.getByRole('button', { name: words.home.newTicket }).click();
    await phone.getByLabel(words.ticket.titleLabel).fill('Oil leak');
    await phone.getByLabel(words.ticket.first).fill('There is oil under the press.');
    await noSeriousViolations(phone);
    await phone.getByRole('button', { name: words.ticket.create }).click();
    await expect(phone.getByText('There is oil under the press.')).toBeVisible();
    await noSeriousViolations(phone);
    await phone.getByRole('button', { name: words.ticket.back }).click();
    await expect(phone.getByRole('button', { name: fill(words.ticket.open, { title: 'Oil leak' }) })).toBeVisible();

    // The request: a reason and that ticket.
    await phone.getByLabel(words.request.reason).fill('The press leaks oil at the valve');
    await phone.getByLabel(words.request.ticket).selectOption({ label: 'Oil leak' });
    await phone.getByRole('button', { name: words.request.submit }).click();
    await expect(phone.getByRole('status').filter({ hasText: words.request.sent })).toBeVisible();
    await expect(phone.getByText(words.status.REQUESTED)).toBeVisible();
    await noSeriousViolations(phone);

    // 3. Vic's app tells him at once, without a reload: device, reason, ticket.
    const notice = vic.getByTestId('video-notice');
    await expect(notice).toContainText('Press 7');
    await expect(notice).toContainText('The press leaks oil at the valve');
    await expect(notice).toContainText(fill(office.notice.ticket, { title: 'Oil leak' }));
    await noSeriousViolations(vic);
    await notice.getByRole('button', { name: fill(office.notice.openLabel, { device: 'Press 7' }) }).click();
    const title = vic.getByRole('heading', { level: 2, name: fill(office.session.title, { device: 'Press 7' }) });
    await expect(title).toContainText(office.status.REQUESTED);
    const facts = vic.locator('.video-facts');
    await expect(facts).toContainText('Press 7');
    await expect(facts).toContainText('The press leaks oil at the valve');
    await expect(facts.getByRole('button', { name: 'Oil leak' })).toBeVisible();
    await noSeriousViolations(vic);
    await vic.getByRole('button', { name: office.session.events.confirm }).click();
    await expect(title).toContainText(office.status.CONFIRMED);
    // The phone learns it live.
    await expect(phone.getByText(words.status.CONFIRMED)).toBeVisible();

    /** Both start the call, the phone first; it runs, and the phone's camera decodes at Vic's. */
    const call = vic.getByRole('region', { name: office.call.title });
    const startBoth = async () => {
      await phone.getByRole('button', { name: words.session.start }).click();
      await expect(phone.getByRole('status').filter({ hasText: words.call.waiting })).toBeVisible();
      const offersBefore = (await offersMade(vic)).length;
      await vic.getByRole('button', { name: office.session.startCall }).click();
      await expect(call).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
      await expect(title).toContainText(office.status.IN_PROGRESS);
      await expect(
        phone.getByRole('status').filter({ hasText: fill(words.call.connected, { name: VIC.name }) }),
      ).toBeVisible();
      await expect(phone.getByTestId('vp-call-session-status')).toHaveText(words.status.IN_PROGRESS);
      await expect.poll(() => framesDecodedByNewest(vic), { timeout: 20_000 }).toBeGreaterThan(10);
      // Vic's camera is off: his button offers to turn it on, his first offer sends no video, the phone says so.
      await expect(call.getByRole('button', { name: office.call.cameraOn })).toHaveAttribute('aria-pressed', 'false');
      expectOfferWithoutVideo((await offersMade(vic))[offersBefore]!);
      await expect(phone.getByText(fill(words.call.theirCameraOff, { name: VIC.name }))).toBeVisible();
      await noSeriousViolations(vic);
      await noSeriousViolations(phone);
    };

    // 4. The first call; Vic ends it. 5. DONE on both sides.
    await startBoth();
    await call.getByRole('button', { name: office.call.end }).click();
    await expect(call.getByRole('status')).toHaveText(office.call.ended);
    await expect(title).toContainText(office.status.DONE);
    await expect(phone.getByRole('status').filter({ hasText: words.call.ended })).toBeVisible();
    await expect(phone.getByTestId('vp-call-session-status')).toHaveText(words.status.DONE);
    await noSeriousViolations(phone);
    await phone.getByRole('button', { name: words.call.close }).click();
    await expect(phone.getByText(words.status.DONE, { exact: true })).toBeVisible();

    // Vic closes the review, then reopens the session; the phone follows live.
    await call.getByRole('button', { name: office.call.close }).click();
    await vic.getByRole('button', { name: office.session.events.close }).click();
    await expect(title).toContainText(office.status.CLOSED);
    await expect(phone.getByText(words.status.CLOSED, { exact: true })).toBeVisible();
    await noSeriousViolations(vic);
    await vic.getByRole('button', { name: office.session.events.reopen }).click();
    await expect(title).toContainText(office.status.CONFIRMED);
    await expect(phone.getByText(words.status.CONFIRMED)).toBeVisible();

    // The second call; the customer ends it.
    await startBoth();
    await phone.getByRole('button', { name: words.call.end }).click();
    await expect(phone.getByRole('status').filter({ hasText: words.call.ended })).toBeVisible();
    await expect(phone.getByTestId('vp-call-session-status')).toHaveText(words.status.DONE);
    await expect(call.getByRole('status')).toHaveText(office.call.ended);
    await expect(title).toContainText(office.status.DONE);
    await phone.getByRole('button', { name: words.call.close }).click();
    await expect(phone.getByText(words.status.DONE, { exact: true })).toBeVisible();
    await call.getByRole('button', { name: office.call.close }).click();

    // The history: every change in order, and who made it.
    const by = (actor: string) => fill(office.session.by, { actor });
    const customer = by(office.session.codeUser);
    const employee = by(VIC.name);
    const tandemItself = by(office.session.system);
    const changes = office.session.changes;
    const history = vic.getByRole('region', { name: office.session.history }).getByRole('listitem');
    const expected: [string, string, string][] = [
      [changes.request, office.status.REQUESTED, customer],
      [changes.confirm, office.status.CONFIRMED, employee],
      [changes.start, office.status.IN_PROGRESS, tandemItself],
      [changes.end, office.status.DONE, tandemItself],
      [changes.close, office.status.CLOSED, employee],
      [changes.reopen, office.status.CONFIRMED, employee],
      [changes.start, office.status.IN_PROGRESS, tandemItself],
      [changes.end, office.status.DONE, tandemItself],
    ];
    await expect(history).toHaveCount(expected.length);
    for (const [index, [change, status, who]] of expected.entries()) {
      await expect(history.nth(index)).toContainText(`${change} → ${status} ${who}`);
    }
    await expect(
      facts.locator('dt', { hasText: office.session.calls }).locator('xpath=following-sibling::dd[1]'),
    ).toHaveText('2');
    await noSeriousViolations(vic);
    await mobile.close();
    await desk.close();
  });
}

test('a customer with Tandem on their computer opens the video help page from it, types the code, and reaches the device', async ({
  page,
  tandem,
}) => {
  const ada = await admin(tandem.cloudUrl);
  const device = (await ada('POST', '/api/v1/video/devices', { name: 'Boiler room' })) as { code: string };
  await page.goto(tandem.pageUrl);
  const entry = page.getByRole('region', { name: videoEn.video.customer.title });
  await expect(entry).toContainText(videoEn.video.customer.body);
  await noSeriousViolations(page);
  // Tandem's windows open no other site: the link goes to the browser (here: a new tab).
  const [opened] = await Promise.all([
    page.context().waitForEvent('page'),
    entry.getByRole('link', { name: videoEn.video.customer.open }).click(),
  ]);
  await opened.waitForLoadState();
  expect(opened.url()).toBe(`${tandem.cloudUrl}/v/`);
  await opened.getByLabel(videoPageEn.join.code).fill(device.code);
  await opened.getByRole('button', { name: videoPageEn.join.submit }).click();
  await expect(opened.getByRole('heading', { level: 1, name: 'Boiler room' })).toBeVisible();
});
