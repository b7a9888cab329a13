import { devices, type Browser, type BrowserContext } from '@playwright/test';
import { admin, apiAs, type AdminCall } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { expectOfferWithoutVideo, offersMade } from './support/peerConnections';
import { employeeFramesDecoded, openEmployeeHarness, startEmployeeCall } from './support/videoCallHarness';

/**
 * VS-5 from the code user's phone: the page at `/v/<code>` in a mobile viewport with Chromium's fake
 * camera, and an employee's page running the real call module. The code user requests help, the
 * employee confirms, both start; the employee decodes the phone's frames while sending no video of
 * their own; the phone switches camera; the call ends → DONE.
 */

const SAM = { email: 'sam@helpdesk.test', password: 'a long password', name: 'Sam Field' };

async function videoCompany(cloudUrl: string, requests: 'all' | 'none') {
  const ada = await admin(cloudUrl);
  const role = (await ada('POST', '/api/v1/admin/roles', {
    name: 'Field service',
    permissions: ['video.conduct', 'video.view'],
  }))!;
  const sam = (await ada('POST', '/api/v1/admin/users', {
    email: SAM.email,
    name: SAM.name,
    password: SAM.password,
    roleId: role.id,
  }))!;
  await ada('PUT', '/api/v1/video/settings', { requests, requestGroups: [], reviewHours: 72 });
  const device = (await ada('POST', '/api/v1/video/devices', { name: 'Press 4', customer: 'Müller GmbH', notes: '' }))!;
  const samApi = await apiAs(cloudUrl, SAM.email, SAM.password);
  return { ada, sam: { api: samApi, id: sam.id as string }, device: device as { id: string; code: string } };
}

async function phone(browser: Browser, locale: string): Promise<BrowserContext> {
  return browser.newContext({ ...devices['Pixel 7'], locale });
}

async function samToken(cloudUrl: string): Promise<string> {
  const response = await fetch(`${cloudUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: SAM.email, password: SAM.password }),
  });
  return ((await response.json()) as { token: string }).token;
}

const sessionStatus = async (api: AdminCall, id: string) =>
  ((await api('GET', `/api/v1/video/sessions/${id}`)) as { status: string }).status;

test.describe('the code user’s video page and the call', () => {
  test('code → request → confirmed → both start → frames decode, the employee’s camera off → switch camera → end → DONE', async ({
    browser,
    cloud,
  }) => {
    const { sam, device } = await videoCompany(cloud.url, 'all');
    const mobile = await phone(browser, 'en-US');
    const page = await mobile.newPage();
    // The page's call sockets, so the test can drop one as a phone's network would.
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      const sockets: WebSocket[] = [];
      (window as unknown as { callSockets: WebSocket[] }).callSockets = sockets;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          if (String(url).endsWith('/api/v1/video/call')) sockets.push(this);
        }
      };
    });

    // The link carries the code: the page joins with it and drops it from the address bar.
    const response = await page.goto(`${cloud.url}/v/${device.code}`);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response!.headers()['permissions-policy']).toContain('camera=(self)');
    await expect(page.getByRole('heading', { level: 1, name: 'Press 4' })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/v/');
    await expect(page.getByText('No video session yet.')).toBeVisible();
    await expect(page.getByText('No ticket for this device yet.')).toBeVisible();
    await noSeriousViolations(page);
    // The token lives in this tab's sessionStorage only.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('Token')))).toEqual([]);

    await page.getByLabel('What is the problem?').fill('The press stops after a minute');
    await page.getByRole('button', { name: 'Request video session' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Requested. You will see here' })).toBeVisible();
    await expect(page.getByText('Requested – waiting for an employee to confirm')).toBeVisible();

    const listed = (await sam.api('GET', '/api/v1/video/sessions?status=REQUESTED')) as { sessions: { id: string }[] };
    const sessionId = listed.sessions[0]!.id;
    await sam.api('POST', `/api/v1/video/sessions/${sessionId}/events`, { event: 'confirm' });
    // Live: the feed brings the confirmation without a reload.
    await expect(page.getByText('Confirmed – you can start the call')).toBeVisible();
    await noSeriousViolations(page);

    await page.getByRole('button', { name: 'Start call' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Waiting for the employee to join…' })).toBeVisible();

    const desk = await browser.newContext();
    const employee = await desk.newPage();
    await openEmployeeHarness(employee);
    await startEmployeeCall(employee, { endpoint: cloud.url, token: await samToken(cloud.url), sessionId });

    await expect(page.getByRole('status').filter({ hasText: `Connected with ${SAM.name}` })).toBeVisible({
      timeout: 20_000,
    });
    await expect.poll(() => sessionStatus(sam.api, sessionId)).toBe('IN_PROGRESS');
    // The phone's frames decode on the employee's side, and are painted.
    await expect.poll(() => employeeFramesDecoded(employee), { timeout: 20_000 }).toBeGreaterThan(10);
    await expect
      .poll(() => employee.evaluate(() => (window as unknown as { remoteFrames(): number }).remoteFrames()))
      .toBeGreaterThan(5);

    // The employee joined second and offered: that first offer sends no video (receive only, no track).
    expectOfferWithoutVideo((await offersMade(employee))[0]!);
    await expect(page.getByText(`${SAM.name}’s camera is off`)).toBeVisible();
    await noSeriousViolations(page);

    // Switch to the other camera: a new track in place, the frames keep coming.
    const track = () =>
      page.evaluate(
        () =>
          (document.querySelector('video[aria-label="Your camera"]') as HTMLVideoElement).srcObject &&
          (
            (document.querySelector('video[aria-label="Your camera"]') as HTMLVideoElement).srcObject as MediaStream
          ).getVideoTracks()[0]!.id,
      );
    const before = await track();
    await page.getByRole('button', { name: 'Switch camera' }).click();
    await expect.poll(track).not.toBe(before);
    const decoded = await employeeFramesDecoded(employee);
    await expect.poll(() => employeeFramesDecoded(employee)).toBeGreaterThan(decoded + 10);

    // ICE restarts on the running call (a changed network): new credentials, the same call, frames go on.
    const descriptions = () =>
      employee.evaluate(
        () => (window as unknown as { localDescriptions: { type: string; sdp: string }[] }).localDescriptions,
      );
    const ufrag = (sdp: string) => /a=ice-ufrag:(\S+)/.exec(sdp)![1];
    const offersBefore = (await descriptions()).filter((d) => d.type === 'offer');
    await employee.evaluate(() => (window as unknown as { call: { restartIce(): void } }).call.restartIce());
    await expect
      .poll(async () => (await descriptions()).filter((d) => d.type === 'offer').length)
      .toBeGreaterThan(offersBefore.length);
    const restarted = (await descriptions()).filter((d) => d.type === 'offer').at(-1)!.sdp;
    expect(ufrag(restarted)).not.toBe(ufrag(offersBefore.at(-1)!.sdp));
    const decodedBeforeRestart = await employeeFramesDecoded(employee);
    await expect.poll(() => employeeFramesDecoded(employee)).toBeGreaterThan(decodedBeforeRestart + 10);
    await expect(page.getByRole('status').filter({ hasText: `Connected with ${SAM.name}` })).toBeVisible();

    // The phone's call socket drops: it rejoins within the window and the call goes on — on the same
    // connection, which kept flowing meanwhile (nothing is negotiated again).
    const negotiatedBeforeDrop = (await descriptions()).length;
    await page.evaluate(() => (window as unknown as { callSockets: WebSocket[] }).callSockets.at(-1)!.close());
    await expect(page.getByRole('status').filter({ hasText: 'Connection lost – reconnecting…' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: `Connected with ${SAM.name}` })).toBeVisible({
      timeout: 20_000,
    });
    const decodedAfterRejoin = await employeeFramesDecoded(employee);
    await expect.poll(() => employeeFramesDecoded(employee)).toBeGreaterThan(decodedAfterRejoin + 10);
    expect(await sessionStatus(sam.api, sessionId)).toBe('IN_PROGRESS');
    expect((await descriptions()).length).toBe(negotiatedBeforeDrop);

    // The employee turns their camera on: the phone shows their video.
    await employee.evaluate(() =>
      (window as unknown as { call: { setCamera(on: boolean): Promise<void> } }).call.setCamera(true),
    );
    await expect(page.getByText(`${SAM.name}’s camera is off`)).toBeHidden({ timeout: 20_000 });
    await expect(page.getByLabel(`Video from ${SAM.name}`)).toBeVisible();

    // The phone reloads the page mid-call: the tab's token brings it back, it joins again with a
    // new connection, and the employee's side takes it in place of the old one.
    await page.reload();
    await page.getByRole('button', { name: 'Join the call again' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Connected with ${SAM.name}` })).toBeVisible({
      timeout: 20_000,
    });
    await expect
      .poll(() => employee.evaluate(() => (window as unknown as { remoteFrames(): number }).remoteFrames()))
      .toBeGreaterThan(
        (await employee.evaluate(() => (window as unknown as { remoteFrames(): number }).remoteFrames())) + 10,
      );
    await expect(page.getByLabel(`Video from ${SAM.name}`)).toBeVisible();

    await page.getByRole('button', { name: 'Mute microphone' }).click();
    await expect(page.getByRole('button', { name: 'Unmute microphone' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'End call' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The call has ended.' })).toBeVisible();
    await expect.poll(() => sessionStatus(sam.api, sessionId)).toBe('DONE');
    await expect
      .poll(() =>
        employee.evaluate(
          () => (window as unknown as { call: { view: { phase: string; endedBy: string } } }).call.view,
        ),
      )
      .toEqual(expect.objectContaining({ phase: 'ended', endedBy: 'code-user' }));
    await page.getByRole('button', { name: 'Back to the overview' }).click();
    await expect(page.getByText('Done', { exact: true })).toBeVisible();
    await mobile.close();
    await desk.close();
  });

  test.describe('in German', () => {
    test('the page in German: the code typed by hand, requests not taken, a ticket, the language switch', async ({
      browser,
      cloud,
    }) => {
      const { ada, sam, device } = await videoCompany(cloud.url, 'none');
      const mobile = await phone(browser, 'de-DE');
      const page = await mobile.newPage();
      await page.goto(`${cloud.url}/v/`);
      await expect(page.getByRole('heading', { level: 1, name: 'Hilfe per Video erhalten' })).toBeVisible();
      await noSeriousViolations(page);
      await page.getByLabel('Gerätecode').fill('0000-0000-0000');
      await page.getByRole('button', { name: 'Weiter' }).click();
      await expect(page.getByRole('alert')).toContainText('Gerät');
      await page.getByLabel('Gerätecode').fill(device.code.toLowerCase());
      await page.getByRole('button', { name: 'Weiter' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Press 4' })).toBeVisible();
      await expect(
        page.getByText('Ihr Servicepartner nimmt für dieses Gerät keine Videoanfragen an.', { exact: false }),
      ).toBeVisible();
      await expect(page.getByRole('button', { name: 'Videositzung anfragen' })).toHaveCount(0);
      await noSeriousViolations(page);

      await page.getByRole('button', { name: 'Neues Ticket' }).click();
      await page.getByLabel('Titel').fill('Ölfleck');
      await page.getByLabel('Ihre Nachricht').fill('Unter der Presse ist Öl.');
      await page.getByRole('button', { name: 'Ticket eröffnen' }).click();
      await expect(page.getByText('Unter der Presse ist Öl.')).toBeVisible();
      const tickets = (await sam.api('GET', '/api/v1/video/tickets')) as { tickets: { id: string }[] };
      await sam.api('POST', `/api/v1/video/tickets/${tickets.tickets[0]!.id}/messages`, { body: 'Wir kommen morgen.' });
      // The employee's answer arrives live.
      await expect(page.getByText('Wir kommen morgen.')).toBeVisible();
      await noSeriousViolations(page);

      // An employee creates a session directly: it appears confirmed, and the code user cancels it before the call.
      await ada('POST', '/api/v1/video/sessions', {
        deviceId: device.id,
        reason: 'Wartung besprechen',
        assigneeIds: [sam.id],
      });
      await page.getByRole('button', { name: 'Zurück' }).click();
      await expect(page.getByText('Bestätigt – Sie können den Anruf starten')).toBeVisible();
      await expect(page.getByText('Mit Sam Field')).toBeVisible();
      await page.getByRole('button', { name: 'Sitzung abbrechen' }).click();
      await expect(page.getByText('Abgebrochen', { exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Anruf starten' })).toHaveCount(0);
      await noSeriousViolations(page);

      // A second one is called in German; the employee ends it.
      const second = (await ada('POST', '/api/v1/video/sessions', {
        deviceId: device.id,
        reason: 'Geräusch prüfen',
        assigneeIds: [sam.id],
      }))!.id as string;
      await page.getByRole('button', { name: 'Anruf starten' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Warten, bis der Mitarbeiter beitritt…' })).toBeVisible();
      const desk = await browser.newContext();
      const employee = await desk.newPage();
      await openEmployeeHarness(employee);
      await startEmployeeCall(employee, { endpoint: cloud.url, token: await samToken(cloud.url), sessionId: second });
      await expect(page.getByRole('status').filter({ hasText: 'Verbunden mit Sam Field' })).toBeVisible({
        timeout: 20_000,
      });
      await expect(page.getByText('Die Kamera von Sam Field ist aus')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Kamera wechseln' })).toBeVisible();
      await noSeriousViolations(page);
      await employee.evaluate(() => (window as unknown as { call: { end(): void } }).call.end());
      await expect(page.getByRole('status').filter({ hasText: 'Der Anruf ist beendet.' })).toBeVisible();
      await page.getByRole('button', { name: 'Zurück zur Übersicht' }).click();
      await expect(page.getByText('Erledigt', { exact: true })).toBeVisible();
      await desk.close();

      await page.getByRole('button', { name: 'Ticket „Ölfleck“ öffnen' }).click();
      await expect(page.getByText('Wir kommen morgen.')).toBeVisible();

      await page.getByLabel('Sprache').selectOption('en');
      await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
      await page.getByRole('button', { name: 'Back' }).click();
      await expect(page.getByRole('heading', { level: 2, name: 'Tickets' })).toBeVisible();
      // A reload keeps the tab's token and the chosen language.
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Press 4' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Leave' })).toBeVisible();
      await mobile.close();
    });
  });
});
