import type { Page, PlaywrightWorkerArgs } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../../playwright.config';

/** The end user's Tandem in a browser of its own (its own clipboard, its own process). */
export async function openEndUserBrowser(playwright: PlaywrightWorkerArgs['playwright'], url: string) {
  const browser = await playwright.chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  return { browser, context, page };
}

/** What the end user reads out: their ID and one-time password, as shown on screen. */
export async function readCredentials(hostPage: Page): Promise<{ id: string; password: string }> {
  return {
    id: (await hostPage.getByTestId('device-id').textContent())!,
    password: (await hostPage.getByTestId('one-time-password').textContent())!,
  };
}

/** The supporter fills in Connect and clicks it. */
export async function requestConnection(supporterPage: Page, id: string, password: string): Promise<void> {
  await supporterPage.getByRole('navigation').getByRole('button', { name: 'Connect' }).click();
  await supporterPage.getByRole('textbox', { name: 'Partner ID' }).fill(id);
  await supporterPage.getByLabel('Password', { exact: true }).fill(password);
  await supporterPage.getByRole('main').getByRole('button', { name: 'Connect', exact: true }).click();
}

/** ID and password read off the end user's screen, the request sent, and accepted. */
export async function connectAndAccept(supporterPage: Page, hostPage: Page): Promise<{ id: string; password: string }> {
  const credentials = await readCredentials(hostPage);
  await requestConnection(supporterPage, credentials.id, credentials.password);
  await hostPage.getByRole('alertdialog').getByRole('button', { name: 'Accept', exact: true }).click();
  return credentials;
}

export function framesDecoded(page: Page): Promise<number> {
  return page
    .getByTestId('remote-video')
    .evaluate((video: HTMLVideoElement) => video.getVideoPlaybackQuality().totalVideoFrames);
}
