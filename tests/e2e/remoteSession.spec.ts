import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { expect, test } from './support/fixtures';
import {
  connectAndAccept,
  framesDecoded,
  openEndUserBrowser,
  readCredentials,
  requestConnection,
} from './support/session';
import type { VirtualDisplay } from './support/xvfb';

/** The X pointer as the end user's computer sees it. */
function pointer(display: VirtualDisplay): { x: number; y: number } {
  const out = execFileSync('xdotool', ['getmouselocation', '--shell'], {
    env: { ...process.env, DISPLAY: display.display },
    encoding: 'utf8',
  });
  return { x: Number(/X=(\d+)/.exec(out)![1]), y: Number(/Y=(\d+)/.exec(out)![1]) };
}

/** Moves the supporter's mouse to a fraction of the remote picture. */
async function pointAt(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const rect = await page.getByTestId('remote-video').evaluate((video: HTMLVideoElement) => {
    const box = video.getBoundingClientRect();
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
    const width = video.videoWidth * scale;
    const height = video.videoHeight * scale;
    return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
  });
  const point = { x: rect.x + fx * rect.width, y: rect.y + fy * rect.height };
  await page.mouse.move(point.x, point.y, { steps: 4 });
  return point;
}

test.describe('a remote session between two computers', () => {
  test.describe.configure({ timeout: 120_000 });

  test('connect by ID and password, see the screen, control it, chat, send files both ways, end', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    // The end user's Tandem runs in its own browser (its own clipboard), the supporter's in the default one.
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    // The end user's desktop: a real window on the X display, with a text field that fills it.
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

    try {
      await supporterPage.goto(pair.supporter.pageUrl);
      const { id: hostId, password } = await readCredentials(hostPage);

      // Supporter: connect by the end user's ID and password.
      await requestConnection(supporterPage, hostId, password);

      // End user: the prompt names who asks and what for; accept.
      const prompt = hostPage.getByRole('alertdialog', { name: 'Incoming connection' });
      await expect(prompt).toBeVisible();
      await expect(prompt).toContainText('wants to connect to this computer');
      // Nobody signed in on the supporter's side: the name is only their claim, and says so.
      await expect(prompt).toContainText('Name not verified — make sure you expect this person.');
      await expect(prompt).not.toContainText('Verified:');
      await expect(prompt).toContainText('full control');
      await expect(prompt).toContainText(/Denied automatically in \d+ s/);
      await prompt.getByRole('button', { name: 'Accept', exact: true }).click();

      // Supporter: the screen arrives and keeps decoding frames.
      await expect(supporterPage.getByRole('heading', { level: 1, name: /Session with/ })).toBeVisible();
      await expect(supporterPage.getByText('Password verified')).toBeVisible();
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);
      const before = await framesDecoded(supporterPage);
      await expect.poll(() => framesDecoded(supporterPage)).toBeGreaterThan(before + 10);
      await expect(supporterPage.getByTestId('session-stats')).toContainText(/Round trip \d+ ms/, { timeout: 10_000 });
      await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeVisible();

      // Pointer: a position on the picture lands at the same fraction of the end user's screen.
      const { width, height } = pair.display;
      await pointAt(supporterPage, 0.25, 0.5);
      await expect
        .poll(() => pointer(pair.display))
        .toEqual({ x: Math.round(0.25 * (width - 1)), y: Math.round(0.5 * (height - 1)) });

      // Click into the end user's text field, then type: keys, Enter, and Unicode text.
      const clickAt = await pointAt(supporterPage, 0.5, 0.7);
      await supporterPage.mouse.click(clickAt.x, clickAt.y);
      await supporterPage.keyboard.type('hi');
      await supporterPage.keyboard.press('Enter');
      await supporterPage.getByLabel('Type text on the remote computer').fill('Grüße 😀 ✓');
      await supporterPage.getByRole('button', { name: 'Type it' }).click();
      await expect.poll(() => desktopPage.locator('#target').inputValue(), { timeout: 15_000 }).toBe('hi\nGrüße 😀 ✓');

      // The remote screen fills the window: beside the side panel, and all of it once the panel folds away.
      const viewport = supporterPage.viewportSize()!;
      const screenWidth = async () => (await supporterPage.getByTestId('remote-screen').boundingBox())!.width;
      expect(await screenWidth()).toBeGreaterThan(viewport.width * 0.65);
      const sidePanel = supporterPage.getByRole('button', { name: 'Chat and files' });
      await sidePanel.click();
      await expect(sidePanel).toHaveAttribute('aria-expanded', 'false');
      expect(await screenWidth()).toBeGreaterThan(viewport.width - 40);
      await sidePanel.click();
      const fullScreen = supporterPage.getByRole('button', { name: 'Full screen' });
      await fullScreen.click();
      await expect(fullScreen).toHaveAttribute('aria-pressed', 'true');
      await fullScreen.click();
      await expect(fullScreen).toHaveAttribute('aria-pressed', 'false');

      // Keys the supporter's own system keeps for itself arrive as pressed, with their modifiers.
      await desktopPage.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        addEventListener('keydown', (event) =>
          seen.push(`${event.ctrlKey ? 'Ctrl+' : ''}${event.altKey ? 'Alt+' : ''}${event.code}`),
        );
      });
      await supporterPage.getByRole('button', { name: 'Send keys' }).click();
      await supporterPage
        .getByRole('group', { name: 'Keys your own keyboard cannot send' })
        .getByRole('button', { name: 'Ctrl+Alt+Del' })
        .click();
      await expect
        .poll(() => desktopPage.evaluate(() => (window as unknown as { seen: string[] }).seen))
        .toEqual(['Ctrl+ControlLeft', 'Ctrl+Alt+AltLeft', 'Ctrl+Alt+Delete']);

      // Chat both ways.
      await supporterPage.getByPlaceholder('Write a message').fill('Hello, I am looking at your printer settings.');
      await supporterPage.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(hostPage.getByTestId('chat-log')).toContainText('Hello, I am looking at your printer settings.');
      await hostPage.getByPlaceholder('Write a message').fill('Thanks!');
      await hostPage.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(supporterPage.getByTestId('chat-log')).toContainText('Thanks!');

      // Files both ways, each checked by SHA-256 and compared byte for byte after saving.
      const toHost = randomBytes(700 * 1024);
      const [supporterChooser] = await Promise.all([
        supporterPage.waitForEvent('filechooser'),
        supporterPage.getByRole('button', { name: 'Send a file' }).click(),
      ]);
      await supporterChooser.setFiles({ name: 'driver.bin', mimeType: 'application/octet-stream', buffer: toHost });
      const received = hostPage.locator('[data-direction="in"][data-state="done"]');
      await expect(received).toContainText('driver.bin: 100 %');
      await expect(received).toContainText('done, checksum matches');
      await expect(supporterPage.locator('[data-direction="out"][data-state="done"]')).toBeVisible();
      const [download] = await Promise.all([
        hostPage.waitForEvent('download'),
        received.getByRole('link', { name: 'Save driver.bin' }).click(),
      ]);
      const saved = readFileSync(await download.path());
      expect(createHash('sha256').update(saved).digest('hex')).toBe(createHash('sha256').update(toHost).digest('hex'));

      const toSupporter = randomBytes(90 * 1024);
      const [hostChooser] = await Promise.all([
        hostPage.waitForEvent('filechooser'),
        hostPage.getByRole('button', { name: 'Send a file' }).click(),
      ]);
      await hostChooser.setFiles({ name: 'log.txt', mimeType: 'text/plain', buffer: toSupporter });
      await expect(supporterPage.locator('[data-direction="in"][data-state="done"]')).toContainText('log.txt: 100 %');

      // The end user revokes control: the supporter's pointer no longer moves theirs.
      await hostPage.getByRole('button', { name: 'Revoke control' }).click();
      await expect(supporterPage.getByText('Your partner has not granted control')).toBeVisible();
      const frozen = pointer(pair.display);
      await pointAt(supporterPage, 0.1, 0.1);
      await supporterPage.waitForTimeout(500);
      expect(pointer(pair.display)).toEqual(frozen);

      // The end user ends the session: both sides see it, and the one-time password changes.
      await hostPage.getByRole('button', { name: 'End session' }).click();
      await expect(supporterPage.getByTestId('connect-ended')).toHaveText('Your partner ended the session.');
      await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeHidden();
      await expect(hostPage.getByTestId('one-time-password')).not.toHaveText(password);

      // After the session, each side reads who ended it and keeps what it received until closing it.
      const hostEnded = hostPage.getByRole('region', { name: 'Session ended' });
      await expect(hostEnded.getByRole('status')).toHaveText(/^You ended the session with /);
      await expect(hostEnded.getByTestId('chat-log')).toContainText('Thanks!');
      const [afterwards] = await Promise.all([
        hostPage.waitForEvent('download'),
        hostEnded.getByRole('link', { name: 'Save driver.bin' }).click(),
      ]);
      expect(
        createHash('sha256')
          .update(readFileSync(await afterwards.path()))
          .digest('hex'),
      ).toBe(createHash('sha256').update(toHost).digest('hex'));
      const supporterEnded = supporterPage.getByRole('region', { name: 'Session ended' });
      await expect(supporterEnded.getByRole('status')).toHaveText(/ ended the session\.$/);
      await expect(supporterEnded.getByRole('link', { name: 'Save log.txt' })).toBeVisible();
      await hostEnded.getByRole('button', { name: 'Close' }).click();
      await expect(hostEnded).toBeHidden();
    } finally {
      await desktop.close();
      await hostBrowser.close();
    }
  });

  test.describe('when things go wrong', () => {
    test.use({ hostEnv: { TANDEM_PROMPT_SECONDS: '3' } });

    test('a wrong password, a denial and an unanswered prompt each tell the supporter why (no answer is not a no)', async ({
      page: supporterPage,
      pair,
      playwright,
    }) => {
      const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
      try {
        await supporterPage.goto(pair.supporter.pageUrl);
        const { id: hostId, password } = await readCredentials(hostPage);
        const connectButton = supporterPage.getByRole('main').getByRole('button', { name: 'Connect', exact: true });
        await requestConnection(supporterPage, hostId, 'wrong-password');
        await expect(supporterPage.getByTestId('connect-failure')).toHaveText(
          'The password is not correct. Check it with your partner and try again.',
        );
        await expect(hostPage.getByRole('alertdialog')).toBeHidden();

        await supporterPage.getByLabel('Password', { exact: true }).fill(password);
        await connectButton.click();
        await hostPage.getByRole('alertdialog').getByRole('button', { name: 'Deny' }).click();
        await expect(supporterPage.getByTestId('connect-failure')).toHaveText('Your partner declined the connection.');

        await connectButton.click();
        await expect(hostPage.getByRole('alertdialog')).toBeVisible();
        await expect(hostPage.getByRole('alertdialog')).toBeHidden({ timeout: 10_000 });
        await expect(supporterPage.getByTestId('connect-failure')).toHaveText('Your partner did not answer in time.');
      } finally {
        await hostBrowser.close();
      }
    });
  });

  test('closing the supporter’s window ends the session on the end user’s side too', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const { browser: hostBrowser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      await supporterPage.goto(pair.supporter.pageUrl);
      const { password } = await connectAndAccept(supporterPage, hostPage);
      const banner = hostPage.getByRole('region', { name: /is connected to this computer/ });
      await expect(banner).toContainText('Full control');
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);

      await supporterPage.close();
      await expect(banner).toBeHidden({ timeout: 20_000 });
      await expect(hostPage.getByTestId('one-time-password')).not.toHaveText(password);
    } finally {
      await hostBrowser.close();
    }
  });

  test('a session code, clipboard sharing, a network drop that recovers, and the supporter ending', async ({
    page: supporterPage,
    context: supporterContext,
    pair,
    playwright,
  }) => {
    const {
      browser: hostBrowser,
      context: hostContext,
      page: hostPage,
    } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      await supporterPage.goto(pair.supporter.pageUrl);
      for (const [context, url] of [
        [supporterContext, pair.supporter.pageUrl],
        [hostContext, pair.host.pageUrl],
      ] as const) {
        // Granting replaces the context's permissions: keep media granted, or Chromium hides ICE candidates.
        await context.grantPermissions(['clipboard-read', 'clipboard-write', 'camera', 'microphone'], {
          origin: new URL(url).origin,
        });
      }

      // The supporter hands out a code; the end user types it, sees who asks, and allows access.
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Connect' }).click();
      await supporterPage.getByRole('button', { name: 'Create a session code' }).click();
      const code = (await supporterPage.getByTestId('session-code').textContent())!;
      expect(code).toMatch(/^\d{3} \d{3} \d{4}$/);
      await hostPage.getByRole('textbox', { name: 'Session code' }).fill(code);
      await hostPage.getByRole('button', { name: 'Continue' }).click();
      await expect(hostPage.getByText(/wants to connect with Full control/)).toBeVisible();
      await hostPage.getByRole('button', { name: 'Allow access' }).click();
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);
      await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeVisible();

      // Clipboard text travels only once both sides have switched sharing on.
      await supporterPage.getByRole('checkbox', { name: 'Share clipboard text' }).check();
      await expect(supporterPage.getByText('Your partner has not switched clipboard sharing on.')).toBeVisible();
      await hostPage.getByRole('checkbox', { name: 'Share clipboard text' }).check();
      await supporterPage.evaluate(() => navigator.clipboard.writeText('Ticket #4711 — Drucker'));
      await supporterPage.getByRole('button', { name: 'Send my clipboard' }).click();
      await expect.poll(() => hostPage.evaluate(() => navigator.clipboard.readText())).toBe('Ticket #4711 — Drucker');

      // The network drops (no UDP at all for a while) and comes back: the session survives.
      const drop = [
        'add table inet tandem_drop',
        'add chain inet tandem_drop input { type filter hook input priority 0 ; }',
        'add rule inet tandem_drop input meta l4proto udp drop',
      ];
      for (const command of drop) execFileSync('nft', command.split(' '));
      try {
        await expect(supporterPage.getByText('The network changed. Reconnecting…')).toBeVisible({ timeout: 20_000 });
      } finally {
        execFileSync('nft', ['delete', 'table', 'inet', 'tandem_drop']);
      }
      await expect(supporterPage.getByText('The network changed. Reconnecting…')).toBeHidden({ timeout: 30_000 });
      const resumed = await framesDecoded(supporterPage);
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 15_000 }).toBeGreaterThan(resumed + 10);
      await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeVisible();

      // The supporter ends it; the end user's banner goes away.
      await supporterPage.getByRole('button', { name: 'End session' }).click();
      await expect(supporterPage.getByTestId('connect-ended')).toHaveText('The session ended.');
      await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeHidden();
    } finally {
      await hostBrowser.close();
    }
  });
});
