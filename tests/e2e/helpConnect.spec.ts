import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { deviceCaller } from '../support/deviceRequest';
import { admin, signIn } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { expect, test, type TandemApp } from './support/fixtures';
import { framesDecoded, openEndUserBrowser } from './support/session';
import type { VirtualDisplay } from './support/xvfb';

/**
 * LV-2 end to end: the end user's Tandem has asked for help (its help session opened through the
 * device-signed route, as the Get help screen will), the supporter — signed in at the same company
 * — types the help session ID into *Connect by code*, the end user accepts, and the screen and the
 * supporter's input flow. In English and in German, each screen checked with axe.
 */

const askForHelp = {
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
  yourName: 'Erika',
  presence: {
    status: 'active',
    foregroundApp: 'Excel',
    deviceName: 'Erika-PC',
    os: { name: 'Linux', version: '6' },
    location: 'Berlin',
    tags: [],
  },
};

/** The end user's Tandem joins the company and asks for help, signing with its own device key: the help session ID. */
async function openHelpSession(host: TandemApp): Promise<string> {
  const db = new Database(join(host.dataDir, 'tandem.db'), { readonly: true, fileMustExist: true });
  const { device_id: deviceId } = db.prepare('SELECT device_id FROM device WHERE singleton = 1').get() as {
    device_id: string;
  };
  const { private_key: key } = db.prepare('SELECT private_key FROM device_keys WHERE singleton = 1').get() as {
    private_key: string;
  };
  db.close();
  const signed = deviceCaller(() => host.cloudUrl, deviceId, createPrivateKey(key));
  const ada = await admin(host.cloudUrl);
  const token = (await ada('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office' }))!.token as string;
  expect((await signed('POST', '/api/v1/devices/me/enroll', { token })).status).toBe(200);
  const opened = await signed('POST', '/api/v1/devices/me/help-session', askForHelp);
  expect(opened.status).toBe(200);
  return opened.body!.code as string;
}

/** The X pointer as the end user's computer sees it. */
function pointer(display: VirtualDisplay): { x: number; y: number } {
  const out = execFileSync('xdotool', ['getmouselocation', '--shell'], {
    env: { ...process.env, DISPLAY: display.display },
    encoding: 'utf8',
  });
  return { x: Number(/X=(\d+)/.exec(out)![1]), y: Number(/Y=(\d+)/.exec(out)![1]) };
}

/** Moves the supporter's mouse to a fraction of the remote picture. */
async function pointAt(page: Page, fx: number, fy: number): Promise<void> {
  const rect = await page.getByTestId('remote-video').evaluate((video: HTMLVideoElement) => {
    const box = video.getBoundingClientRect();
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
    const width = video.videoWidth * scale;
    const height = video.videoHeight * scale;
    return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
  });
  await page.mouse.move(rect.x + fx * rect.width, rect.y + fy * rect.height, { steps: 4 });
}

/** The screen arrives and keeps decoding; the supporter's mouse puts the end user's pointer where it points. */
async function framesAndInputFlow(supporterPage: Page, display: VirtualDisplay): Promise<void> {
  await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);
  const before = await framesDecoded(supporterPage);
  await expect.poll(() => framesDecoded(supporterPage)).toBeGreaterThan(before + 10);
  await pointAt(supporterPage, 0.25, 0.5);
  await expect
    .poll(() => pointer(display))
    .toEqual({ x: Math.round(0.25 * (display.width - 1)), y: Math.round(0.5 * (display.height - 1)) });
}

const spaced = (code: string) => `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`;

test.describe('connecting to a help session by its ID', () => {
  test.describe.configure({ timeout: 120_000 });

  test('English: a wrong ID is explained, the right one asks the end user, who accepts; screen and input flow', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      const code = await openHelpSession(pair.host);
      await supporterPage.goto(pair.supporter.pageUrl);
      await signIn(supporterPage);
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Connect' }).click();

      const field = supporterPage.getByRole('textbox', { name: 'Help session ID' });
      const submit = supporterPage.getByRole('button', { name: 'Connect to help session' });
      // Too short: said at once, nothing asked of the endpoint.
      await field.fill('12345');
      await submit.click();
      await expect(supporterPage.getByRole('alert')).toHaveText(
        'A help session ID has nine digits, for example 123 456 789.',
      );
      // Nine digits of no help session: the endpoint's own sentence.
      await field.fill(code === '111111111' ? '222222222' : '111111111');
      await submit.click();
      await expect(supporterPage.getByRole('alert')).toContainText(
        'No one in your company is asking for help with this ID',
      );
      await noSeriousViolations(supporterPage);

      // Typed as read out, with spaces.
      await field.fill(spaced(code));
      await expect(field).toHaveValue(spaced(code));
      await submit.click();
      await expect(supporterPage.getByTestId('connect-status')).toContainText(
        'Asking the person who needs help to accept…',
      );

      const prompt = hostPage.getByRole('alertdialog', { name: 'Incoming connection' });
      await expect(prompt).toBeVisible();
      await expect(prompt).toContainText('Ada Support');
      await expect(prompt).toContainText('Helpdesk Inc');
      await expect(prompt).toContainText('Verified:');
      await expect(prompt).toContainText('This is about your help request: they entered its ID.');
      await expect(prompt).toContainText('full control');
      await expect(prompt).toContainText(/Denied automatically in \d+ s/);
      await noSeriousViolations(hostPage);
      await prompt.getByRole('button', { name: 'Accept', exact: true }).click();

      await expect(supporterPage.getByRole('heading', { level: 1, name: /Session with/ })).toBeVisible();
      await framesAndInputFlow(supporterPage, pair.display);
      await noSeriousViolations(supporterPage);
    } finally {
      await hostBrowser.close();
    }
  });

  test('German: the end user reads who asks in German and accepts; screen and input flow', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      const code = await openHelpSession(pair.host);
      await hostPage.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
      await hostPage.getByRole('combobox', { name: 'Language' }).selectOption('de');
      await supporterPage.goto(pair.supporter.pageUrl);
      await signIn(supporterPage);
      await supporterPage.getByRole('combobox', { name: 'Language' }).selectOption('de');
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Verbinden' }).click();

      const field = supporterPage.getByRole('textbox', { name: 'ID der Hilfeanfrage' });
      const submit = supporterPage.getByRole('button', { name: 'Mit Hilfeanfrage verbinden' });
      await field.fill(code === '111111111' ? '222222222' : '111111111');
      await submit.click();
      await expect(supporterPage.getByRole('alert')).toContainText('Mit dieser ID bittet in Ihrem Unternehmen');
      await noSeriousViolations(supporterPage);

      await field.fill(code);
      await expect(field).toHaveValue(spaced(code));
      await submit.click();

      const prompt = hostPage.getByRole('alertdialog', { name: 'Eingehende Verbindung' });
      await expect(prompt).toBeVisible();
      await expect(prompt).toContainText('Ada Support');
      await expect(prompt).toContainText('Helpdesk Inc');
      await expect(prompt).toContainText('Es geht um Ihre Hilfeanfrage: Die Person hat deren ID eingegeben.');
      await noSeriousViolations(hostPage);
      await prompt.getByRole('button', { name: 'Annehmen', exact: true }).click();

      await expect(supporterPage.getByRole('heading', { level: 1, name: /Sitzung mit/ })).toBeVisible();
      await framesAndInputFlow(supporterPage, pair.display);
    } finally {
      await hostBrowser.close();
    }
  });

  test('Administration: Ada lets a help session ID skip the Accept step; the next connection by code starts at once', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      const code = await openHelpSession(pair.host);
      await supporterPage.goto(pair.supporter.pageUrl);
      await signIn(supporterPage);
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Administration' }).click();
      const sections = supporterPage.getByRole('navigation', { name: 'Administration sections' });
      await sections.getByRole('link', { name: 'Policies', exact: true }).click();
      const choice = supporterPage.getByRole('checkbox', { name: /connects without asking them to accept again/ });
      await expect(choice).not.toBeChecked();
      await noSeriousViolations(supporterPage);
      await choice.check();
      await expect(supporterPage.getByText('Saved.')).toBeVisible();
      await expect(choice).toBeChecked();

      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Connect' }).click();
      await supporterPage.getByRole('textbox', { name: 'Help session ID' }).fill(code);
      await supporterPage.getByRole('button', { name: 'Connect to help session' }).click();
      // No prompt: the screen comes straight away, and the end user sees who is connected.
      await expect(supporterPage.getByRole('heading', { level: 1, name: /Session with/ })).toBeVisible();
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);
      await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeVisible();
      await expect(hostPage.getByRole('alertdialog', { name: 'Incoming connection' })).toHaveCount(0);
    } finally {
      await hostBrowser.close();
    }
  });
});
