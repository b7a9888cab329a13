import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { expect, test } from './support/fixtures';
import { connectAndAccept, framesDecoded, openEndUserBrowser } from './support/session';
import { xInputState } from './support/xState';

/** Moves the supporter's mouse to a fraction of the remote picture. */
async function pointAt(page: Page, fx: number, fy: number): Promise<void> {
  const rect = await page.getByTestId('remote-video').evaluate((video: HTMLVideoElement) => {
    const box = video.getBoundingClientRect();
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
    const width = video.videoWidth * scale;
    const height = video.videoHeight * scale;
    return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
  });
  await page.mouse.move(rect.x + fx * rect.width, rect.y + fy * rect.height, { steps: 3 });
}

/** Random loss of UDP (all of WebRTC) on loopback, inside the test's own network namespace. */
const LOSS = [
  'add table inet tandem_loss',
  'add chain inet tandem_loss input { type filter hook input priority 0 ; }',
  'add rule inet tandem_loss input meta l4proto udp numgen random mod 100 < 15 counter drop',
];
const ROUNDS = 25;
const droppedPackets = () =>
  Number(
    /counter packets (\d+)/.exec(
      execFileSync('nft', ['list', 'table', 'inet', 'tandem_loss'], { encoding: 'utf8' }),
    )![1],
  );

test.describe('remote control never leaves a key or button held', () => {
  test.describe.configure({ timeout: 150_000 });

  test('under random packet loss, many presses and releases leave nothing held on the end user’s X server', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    const state = () => xInputState(pair.display.display);
    // The end user's desktop: a window filling the X display that notes every key it is sent.
    const desktop = await playwright.chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: false,
      args: [...CHROMIUM_ARGS, '--window-position=0,0', `--window-size=${pair.display.width},${pair.display.height}`],
      env: { ...process.env, DISPLAY: pair.display.display },
    });
    const desktopPage = await desktop.newPage();
    await desktopPage.setContent(
      '<textarea id="target" aria-label="notes" style="position:fixed;inset:0;width:100vw;height:100vh"></textarea>',
    );
    await desktopPage.evaluate(() => {
      const keys: string[] = [];
      (window as unknown as { keys: string[] }).keys = keys;
      addEventListener('keyup', (event) => keys.push(event.code));
    });
    const keysSeen = () => desktopPage.evaluate(() => (window as unknown as { keys: string[] }).keys);
    try {
      await supporterPage.goto(pair.supporter.pageUrl);
      await connectAndAccept(supporterPage, hostPage);
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);
      // A first click (no loss yet) gives the desktop's window the keyboard.
      await pointAt(supporterPage, 0.5, 0.5);
      await supporterPage.mouse.down();
      await supporterPage.mouse.up();
      await expect.poll(() => desktopPage.evaluate(() => document.hasFocus()), { timeout: 15_000 }).toBe(true);

      for (const command of LOSS) execFileSync('nft', command.split(' '));
      try {
        const rounds = ROUNDS;
        for (let round = 0; round < rounds; round++) {
          const fx = 0.1 + (0.8 * round) / rounds;
          await pointAt(supporterPage, fx, 0.3 + 0.4 * (round % 2));
          await supporterPage.keyboard.down('Shift');
          await supporterPage.keyboard.down('ArrowLeft');
          await supporterPage.mouse.down();
          await pointAt(supporterPage, fx + 0.05, 0.5);
          await supporterPage.keyboard.up('ArrowLeft');
          await supporterPage.mouse.up({ button: 'left' });
          await supporterPage.keyboard.up('Shift');
          await supporterPage.keyboard.down('Control');
          await supporterPage.keyboard.press('End');
          await supporterPage.keyboard.up('Control');
        }
        // The last button goes down and up at a known place; nothing moves the pointer after it.
        await pointAt(supporterPage, 0.75, 0.25);
        await supporterPage.mouse.down();
        await supporterPage.mouse.up();
        // The last transition: once the desktop sees F2 let go, everything sent before it was injected.
        await supporterPage.keyboard.press('F2');
        await expect.poll(async () => (await keysSeen()).at(-1), { timeout: 90_000 }).toBe('F2');
        expect(droppedPackets()).toBeGreaterThan(0);
      } finally {
        execFileSync('nft', ['delete', 'table', 'inet', 'tandem_loss']);
      }

      const after = state();
      // Every release reached the desktop, in order: each round's ←, Shift, End and Control, then F2.
      const rounds = ['ArrowLeft', 'ShiftLeft', 'End', 'ControlLeft'];
      expect(await keysSeen()).toEqual([...Array.from({ length: ROUNDS }, () => rounds).flat(), 'F2']);
      expect(after.keys).toEqual([]);
      expect(after.buttons).toEqual([]);
      // No late pointer move dragged the pointer away from where the last button was let go.
      const { width, height } = pair.display;
      expect(after.pointer).toEqual({ x: Math.round(0.75 * (width - 1)), y: Math.round(0.25 * (height - 1)) });

      await hostPage.getByRole('button', { name: 'End session' }).click();
      await expect(supporterPage.getByTestId('connect-ended')).toHaveText('Your partner ended the session.');
    } finally {
      await desktop.close();
      await hostBrowser.close();
    }
  });

  for (const ender of ['end user', 'supporter'] as const) {
    test(`the ${ender} ending the session while a key and a button are held lets go of both`, async ({
      page: supporterPage,
      pair,
      playwright,
    }) => {
      const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
      const state = () => xInputState(pair.display.display);
      try {
        await supporterPage.goto(pair.supporter.pageUrl);
        await connectAndAccept(supporterPage, hostPage);
        await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);
        await supporterPage.getByTestId('remote-screen').focus();

        await pointAt(supporterPage, 0.5, 0.5);
        await supporterPage.keyboard.down('Control');
        await supporterPage.keyboard.down('ArrowDown');
        await supporterPage.mouse.down();
        await expect
          .poll(() => state())
          .toMatchObject({ keys: expect.arrayContaining(['Control_L', 'Down']), buttons: [1] });

        // Ended without the supporter's page letting go of anything (a click from script moves no focus).
        if (ender === 'end user') await hostPage.getByRole('button', { name: 'End session' }).click();
        else await supporterPage.getByRole('button', { name: 'End session' }).evaluate((b: HTMLElement) => b.click());
        await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeHidden();
        await expect.poll(() => state()).toMatchObject({ keys: [], buttons: [] });
      } finally {
        await hostBrowser.close();
      }
    });
  }
});
