import type { Browser, Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { expect, test } from './support/fixtures';
import { connectAndAccept, framesDecoded } from './support/session';

/**
 * The browser's own picker chooses the surface whose title holds this (Chromium's test switch for
 * the picker); renaming which page holds it is the end user picking something else the next time.
 */
const PICK = 'Share me with the supporter';

/** A page of the end user's desktop, in a window of its own size and colour, always moving. */
async function surface(browser: Browser, title: string, colour: string, size: { width: number; height: number }) {
  const page = await (await browser.newContext({ viewport: size })).newPage();
  await page.setContent(
    `<title>${title}</title><body style="margin:0;background:${colour}">` +
      '<div style="position:fixed;left:40%;top:40%;width:20%;height:20%;background:#fff;' +
      'animation:spin 1s linear infinite"></div><style>@keyframes spin{to{transform:rotate(360deg)}}</style>',
  );
  return page;
}

/** What the supporter sees: the decoded picture's size, a corner's colour, and the track it arrives on. */
function picture(page: Page) {
  return page.getByTestId('remote-video').evaluate((video: HTMLVideoElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(video, 0, 0);
    const [r, g, b] = context.getImageData(8, 8, 1, 1).data;
    const colour = r! > 180 && g! < 80 && b! < 80 ? 'red' : b! > 180 && r! < 80 && g! < 80 ? 'blue' : 'other';
    const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? null;
    return { width: video.videoWidth, height: video.videoHeight, colour, track };
  });
}

test.describe('switching the shared screen during a session', () => {
  test.describe.configure({ timeout: 120_000 });

  test('the end user shares another screen: the supporter’s picture changes, the session goes on', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    // The end user's browser picks real surfaces (no fake capture device): pages of its own.
    const endUser = await playwright.chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        ...CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--use-fake-')),
        `--auto-select-tab-capture-source-by-title=${PICK}`,
        // The fake UI's media permission also lets WebRTC show its loopback address; say so directly.
        '--disable-features=WebRtcHideLocalIpsWithMdns',
      ],
    });
    try {
      const first = await surface(endUser, PICK, '#d00000', { width: 800, height: 500 });
      const second = await surface(endUser, 'Spreadsheet', '#0000d0', { width: 1000, height: 400 });
      const hostPage = await (await endUser.newContext()).newPage();
      await hostPage.goto(pair.host.pageUrl);
      await supporterPage.goto(pair.supporter.pageUrl);
      await connectAndAccept(supporterPage, hostPage);

      // The supporter sees the first surface, and it keeps decoding.
      await expect(supporterPage.getByRole('heading', { level: 1, name: /Session with/ })).toBeVisible();
      await expect
        .poll(() => picture(supporterPage), { timeout: 20_000 })
        .toMatchObject({ width: 800, height: 500, colour: 'red' });
      const before = await picture(supporterPage);
      await supporterPage.getByPlaceholder('Write a message').fill('Which window shows the error?');
      await supporterPage.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(hostPage.getByTestId('chat-log')).toContainText('Which window shows the error?');
      // The browser picks for the end user here: the supporter has no monitor list to choose from.
      await expect(supporterPage.getByRole('button', { name: 'Screen', exact: true })).toHaveCount(0);

      // The end user shares the other window, through the browser's picker (this click is the gesture it needs).
      await first.evaluate(() => (document.title = 'Mail'));
      await second.evaluate((title) => (document.title = title), PICK);
      const banner = hostPage.getByRole('region', { name: /is connected to this computer/ });
      await banner.getByRole('button', { name: 'Share another screen' }).click();

      // The supporter's picture switches on the same connection: same track, new size and content.
      await expect
        .poll(() => picture(supporterPage), { timeout: 20_000 })
        .toMatchObject({ width: 1000, height: 400, colour: 'blue', track: before.track });
      const frames = await framesDecoded(supporterPage);
      await expect.poll(() => framesDecoded(supporterPage)).toBeGreaterThan(frames + 10);

      // The session went on throughout: chat both ways, control still offered, nobody left.
      await hostPage.getByPlaceholder('Write a message').fill('The blue one, the spreadsheet.');
      await hostPage.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(supporterPage.getByTestId('chat-log')).toContainText('The blue one, the spreadsheet.');
      await expect(supporterPage.getByRole('heading', { level: 1, name: /Session with/ })).toBeVisible();
      await expect(banner).toContainText('Full control');
      await expect(banner.getByRole('alert')).toHaveCount(0);

      // Ending still ends it for both.
      await supporterPage.getByRole('button', { name: 'End session' }).click();
      await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toHaveCount(0);
    } finally {
      await endUser.close();
    }
  });
});
