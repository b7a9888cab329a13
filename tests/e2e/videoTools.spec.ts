import { devices, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { settingsDe } from '../../src-renderer/settings/i18n.de';
import { settingsEn } from '../../src-renderer/settings/i18n.en';
import { videoDe } from '../../src-renderer/video/i18n.de';
import { videoEn } from '../../src-renderer/video/i18n.en';
import { videoPageDe } from '../../src-renderer/video/page/i18n.de';
import { videoPageEn } from '../../src-renderer/video/page/i18n.en';
import { admin } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { writeFakeCameraVideo } from './support/fakeCameraVideo';
import { expect, test } from './support/fixtures';

/**
 * VS-6 on the real UIs, both sides of a call: the code user's phone page (`/v/<code>`, its camera
 * Chromium's fake one fed from a generated video: a textured square gliding across a grey scene)
 * and the employee's web console. A drawing made on one side appears on the other at the same
 * place of the customer's picture and fades; the employee's mirrored view keeps drawings on their
 * objects; the object Sam boxes is followed on both sides as it moves, and again on the phone after
 * it reconnects; garbage from a peer on the tools channel is dropped; Sam draws with the keyboard
 * alone. Sampled from each side's overlay canvas and video frame, in fractions of the picture.
 */

test.use({
  launchOptions: {
    executablePath: process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${writeFakeCameraVideo()}`],
  },
});

const LANGUAGES = {
  en: { locale: 'en-US', office: videoEn.video, phone: videoPageEn, settings: settingsEn.settings },
  de: { locale: 'de-DE', office: videoDe.video, phone: videoPageDe, settings: settingsDe.settings },
} as const;

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

const SAM = { email: 'sam@helpdesk.test', password: 'a long password', name: 'Sam Field' };

type Ink = 'employee' | 'code-user' | null;

/**
 * The ink on the page's overlay canvas around a picture fraction (within a few pixels): whose colour
 * (TOOL_COLOURS: orange the employee's, blue the code user's) and how opaque, the most opaque pixel.
 */
function inkAt(page: Page, at: [number, number]): Promise<{ ink: Ink; alpha: number }> {
  return page.locator('canvas.tools-surface').evaluate((canvas: HTMLCanvasElement, [fx, fy]) => {
    const ctx = canvas.getContext('2d')!;
    const x = Math.round(fx * canvas.width);
    const y = Math.round(fy * canvas.height);
    const r = 6;
    const { data } = ctx.getImageData(x - r, y - r, 2 * r + 1, 2 * r + 1);
    let best = { ink: null as 'employee' | 'code-user' | null, alpha: 0 };
    for (let i = 0; i < data.length; i += 4) {
      const [red, , blue, alpha] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
      if (alpha <= best.alpha) continue;
      best = { ink: red > blue ? 'employee' : 'code-user', alpha };
    }
    return best;
  }, at);
}

/** Draws with the mouse on the page's overlay canvas from one picture-on-screen fraction to another. */
async function draw(page: Page, from: [number, number], to: [number, number], steps = 10): Promise<void> {
  const canvas = page.locator('canvas.tools-surface');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let step = 1; step <= steps; step++) {
    await page.mouse.move(
      ...at([from[0] + ((to[0] - from[0]) * step) / steps, from[1] + ((to[1] - from[1]) * step) / steps]),
    );
  }
  await page.mouse.up();
}

/** Waits until the ink at `at` has faded: first part-way (it fades rather than vanishing), then gone. */
async function expectFades(page: Page, at: [number, number]): Promise<void> {
  await expect.poll(async () => (await inkAt(page, at)).alpha, { timeout: 10_000, intervals: [50] }).toBeLessThan(200);
  await expect.poll(async () => (await inkAt(page, at)).alpha, { timeout: 10_000 }).toBe(0);
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * At one moment on a page: the highlight (the bounds of the orange on its overlay) and the object
 * (the bounds of the textured square in the video frame it shows), both in picture fractions.
 */
function trackedView(page: Page): Promise<{ highlight: Box | null; object: Box | null }> {
  return page.locator('canvas.tools-surface').evaluate((canvas: HTMLCanvasElement) => {
    const bounds = (width: number, height: number, hit: (i: number) => boolean): Box | null => {
      let box: Box | null = null;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (!hit(y * width + x)) continue;
          box = box
            ? {
                left: Math.min(box.left, x),
                top: Math.min(box.top, y),
                right: Math.max(box.right, x),
                bottom: Math.max(box.bottom, y),
              }
            : { left: x, top: y, right: x, bottom: y };
        }
      }
      return (
        box && { left: box.left / width, top: box.top / height, right: box.right / width, bottom: box.bottom / height }
      );
    };
    const overlay = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const highlight = bounds(
      canvas.width,
      canvas.height,
      (i) => overlay[i * 4 + 3]! > 100 && overlay[i * 4]! > overlay[i * 4 + 2]!,
    );
    const video = canvas.parentElement!.querySelector('video')!;
    const frame = document.createElement('canvas');
    Object.assign(frame, { width: video.videoWidth, height: video.videoHeight });
    const ctx = frame.getContext('2d')!;
    ctx.drawImage(video, 0, 0);
    const pixels = ctx.getImageData(0, 0, frame.width, frame.height).data;
    // The scene is flat grey (128); the square is black and white.
    const object = bounds(frame.width, frame.height, (i) => Math.abs(pixels[i * 4 + 1]! - 128) > 80);
    return { highlight, object };
  });
}

/** Keeps the page's tools channels within reach of the test (as `window.toolChannels`), to misuse them. */
function recordToolsChannels(): void {
  const create = RTCPeerConnection.prototype.createDataChannel;
  RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, ...args) {
    const channel = create.apply(this, args);
    const w = window as unknown as { toolChannels?: RTCDataChannel[] };
    if (args[0] === 'tools') (w.toolChannels ??= []).push(channel);
    return channel;
  };
}

/**
 * A peer gone bad, on the page's open tools channel: text that is not JSON, binary data, a message
 * over the size limit, wrong types, unknown kinds, places off the picture, extra fields, a template
 * of the wrong size, nesting 30,000 deep, and a flood of broken strokes. Every stroke-like one lies
 * at (0.7, 0.6) of the picture, where nothing may appear. Returns how many went out.
 */
function sendGarbage(): number {
  const channel = (window as unknown as { toolChannels: RTCDataChannel[] }).toolChannels
    .filter((candidate) => candidate.readyState === 'open')
    .at(-1)!;
  const stroke = {
    type: 'stroke',
    id: 'bad',
    seq: 0,
    tool: 'pen',
    points: [
      [0.7, 0.6],
      [0.72, 0.6],
    ],
    end: true,
    ttlMs: 3000,
  };
  const garbage: (string | ArrayBuffer)[] = [
    'not json {',
    new Uint8Array(2048).fill(123).buffer,
    JSON.stringify({ ...stroke, id: 'big', points: Array.from({ length: 8000 }, () => [0.7, 0.6]) }),
    JSON.stringify({ ...stroke, id: 5, seq: '0', tool: 'laser', end: 'yes', ttlMs: -1 }),
    JSON.stringify({ ...stroke, points: [[7, -3]] }),
    JSON.stringify({ ...stroke, points: [[0.7, 0.6, 0.5]] }),
    JSON.stringify({ ...stroke, ttlMs: 1e9 }),
    JSON.stringify({ ...stroke, seq: 0.5 }),
    JSON.stringify({ ...stroke, extra: true }),
    `{"type":"stroke","id":"proto","seq":0,"tool":"pen","points":[[0.7,0.6]],"end":true,"ttlMs":3000,"__proto__":{"polluted":true}}`,
    JSON.stringify({ type: 'exec', command: 'rm -rf /' }),
    JSON.stringify({
      type: 'track',
      id: 'wrong-size',
      corners: [
        [0.6, 0.5],
        [0.8, 0.5],
        [0.8, 0.7],
        [0.6, 0.7],
      ],
      template: { width: 128, height: 128, gray: 'AAAA' },
    }),
    JSON.stringify({ type: 'shot-update', id: 'no-such-shot', update: '!!!' }),
    JSON.stringify({ type: 'shot-sync', id: 'no-such-shot', stateVector: 42 }),
    'null',
    '42',
    '[]',
    '"stroke"',
    '{}',
    '['.repeat(30_000) + ']'.repeat(30_000),
  ];
  for (let i = 0; i < 500; i++) garbage.push(`{"type":"stroke","id":"flood-${i}","seq":-1,"points":[[0.7,0.6]]}`);
  for (const message of garbage) channel.send(message as string);
  return garbage.length;
}

const overlap = (a: Box, b: Box) => {
  const width = Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left));
  const height = Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const area = (box: Box) => (box.right - box.left) * (box.bottom - box.top);
  return (width * height) / (area(a) + area(b) - width * height);
};

/** The highlight lies on the object (IoU ≥ 0.5) at two moments with the object at two places. */
async function expectFollows(page: Page): Promise<void> {
  let firstAt: number | null = null;
  await expect
    .poll(
      async () => {
        const { highlight, object } = await trackedView(page);
        if (!highlight || !object || overlap(highlight, object) < 0.5) return 'apart';
        firstAt ??= object.left;
        return Math.abs(object.left - firstAt) > 0.15 ? 'followed' : 'on it';
      },
      { timeout: 20_000, intervals: [100] },
    )
    .toBe('followed');
}

for (const language of ['en', 'de'] as const) {
  const { locale, office, phone: words, settings } = LANGUAGES[language];
  test(`Video tools (${language}): a drawing on either side appears on the other at the same place of the picture and fades; mirroring keeps it on its object; a tracked box follows the moving object on both sides`, async ({
    browser,
    cloud,
  }) => {
    test.setTimeout(150_000);
    const ada = await admin(cloud.url);
    const role = (await ada('POST', '/api/v1/admin/roles', {
      name: 'Video desk',
      permissions: ['video.view', 'video.manage', 'video.conduct'],
    }))!;
    await ada('POST', '/api/v1/admin/users', { ...SAM, roleId: role.id });
    const device = (await ada('POST', '/api/v1/video/devices', { name: 'Press 4', customer: '', notes: '' }))! as {
      code: string;
    };

    // Sam in the web console: drawings in his company's calls fade after 4 seconds.
    const desk = await (await browser.newContext({ locale, viewport: { width: 1280, height: 900 } })).newPage();
    await desk.goto(cloud.url);
    await desk.getByLabel(settings.email).fill(SAM.email);
    await desk.getByLabel(settings.password, { exact: true }).fill(SAM.password);
    await desk.getByRole('button', { name: settings.signIn }).click();
    const sections = desk.getByRole('navigation', { name: office.sections });
    await sections.getByRole('button', { name: office.tabs.settings }).click();
    await desk.getByRole('radio', { name: office.settings.requestChoices.all }).check();
    await desk.getByLabel(office.settings.strokeSeconds).fill('4');
    await desk.getByRole('button', { name: office.save }).click();
    await expect(desk.getByRole('status').filter({ hasText: office.saved })).toBeVisible();
    await noSeriousViolations(desk);

    // The customer requests a session from the phone page; Sam confirms; both start the call.
    const phone = await (await browser.newContext({ ...devices['Pixel 7'], locale })).newPage();
    await phone.addInitScript(recordToolsChannels);
    await phone.goto(`${cloud.url}/v/${device.code}`);
    await phone.getByLabel(words.request.reason).fill('The press stops');
    await phone.getByRole('button', { name: words.request.submit }).click();
    const notice = desk.getByTestId('video-notice');
    await notice.getByRole('button', { name: fill(office.notice.openLabel, { device: 'Press 4' }) }).click();
    await desk.getByRole('button', { name: office.session.events.confirm }).click();
    await phone.getByRole('button', { name: words.session.start }).click();
    await desk.getByRole('button', { name: office.session.startCall }).click();
    const call = desk.getByRole('region', { name: office.call.title });
    await expect(call).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
    await expect(
      phone.getByRole('status').filter({ hasText: fill(words.call.connected, { name: SAM.name }) }),
    ).toBeVisible();
    // Both overlays lie on the picture once its first frames arrived.
    await expect(desk.locator('canvas.tools-surface')).toBeVisible({ timeout: 20_000 });
    await expect(phone.locator('canvas.tools-surface')).toBeVisible({ timeout: 20_000 });
    const deskTools = desk.getByRole('toolbar', { name: office.tools.toolbar });
    const phoneTools = phone.getByRole('toolbar', { name: words.call.tools.toolbar });
    await expect(deskTools.getByRole('button', { name: office.tools.pen })).toHaveAttribute('aria-pressed', 'true');
    await noSeriousViolations(desk);
    await noSeriousViolations(phone);

    // Sam draws a line with the pen: orange at the same place of the picture on both sides, then it fades.
    await draw(desk, [0.3, 0.3], [0.6, 0.3]);
    await expect.poll(async () => (await inkAt(phone, [0.45, 0.3])).ink, { timeout: 10_000 }).toBe('employee');
    expect((await inkAt(desk, [0.45, 0.3])).ink).toBe('employee');
    expect((await inkAt(phone, [0.45, 0.6])).ink).toBeNull();
    await expectFades(phone, [0.45, 0.3]);
    await expectFades(desk, [0.45, 0.3]);

    // The customer circles something on their own camera's picture: blue on Sam's side too.
    await phoneTools.getByRole('button', { name: words.call.tools.circle }).click();
    await expect(phoneTools.getByRole('button', { name: words.call.tools.circle })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await draw(phone, [0.5, 0.5], [0.5, 0.7]);
    // A circle round (0.5, 0.5) through (0.5, 0.7): its lowest point is drawn, its centre is not.
    await expect.poll(async () => (await inkAt(desk, [0.5, 0.7])).ink, { timeout: 10_000 }).toBe('code-user');
    expect((await inkAt(desk, [0.5, 0.5])).ink).toBeNull();
    expect((await inkAt(phone, [0.5, 0.7])).ink).toBe('code-user');
    await expectFades(desk, [0.5, 0.7]);

    // Sam mirrors his view: the picture is flipped, and what he draws on his screen's left lands on
    // the picture's right, where the object under his pointer really is — on both sides.
    const mirror = deskTools.getByRole('button', { name: office.tools.mirror });
    await mirror.click();
    await expect(mirror).toHaveAttribute('aria-pressed', 'true');
    expect(await desk.locator('.tools-picture').evaluate((element) => getComputedStyle(element).transform)).toBe(
      'matrix(-1, 0, 0, 1, 0, 0)',
    );
    await deskTools.getByRole('button', { name: office.tools.arrow }).click();
    await draw(desk, [0.1, 0.2], [0.3, 0.2]);
    await expect.poll(async () => (await inkAt(phone, [0.8, 0.2])).ink, { timeout: 10_000 }).toBe('employee');
    expect((await inkAt(phone, [0.2, 0.2])).ink).toBeNull();
    expect((await inkAt(desk, [0.8, 0.2])).ink).toBe('employee');
    await noSeriousViolations(desk);
    // And back.
    await mirror.click();
    await expect(mirror).toHaveAttribute('aria-pressed', 'false');
    await draw(desk, [0.1, 0.8], [0.3, 0.8]);
    await expect.poll(async () => (await inkAt(phone, [0.2, 0.8])).ink, { timeout: 10_000 }).toBe('employee');
    expect((await inkAt(phone, [0.8, 0.8])).ink).toBeNull();

    // Tracking: Sam chooses the gliding square with a box; the highlight follows it on both sides.
    await expectFades(desk, [0.2, 0.8]);
    const track = deskTools.getByRole('button', { name: office.tools.track });
    await track.click();
    await expect(track).toHaveAttribute('aria-pressed', 'true');
    await expect(desk.getByText(office.tools.trackHint)).toBeVisible();
    // While it rests (the same place twice running), as a person would.
    let object: Box | null = null;
    await expect
      .poll(
        async () => {
          const before = (await trackedView(desk)).object;
          await new Promise((resolve) => setTimeout(resolve, 100));
          object = (await trackedView(desk)).object;
          return before !== null && object !== null && Math.abs(before.left - object.left) < 0.005;
        },
        { timeout: 20_000, intervals: [0] },
      )
      .toBe(true);
    const { left, top, right, bottom } = object!;
    await draw(desk, [left - 0.02, top - 0.02], [right + 0.02, bottom + 0.02], 2);
    await expect(deskTools.getByRole('button', { name: office.tools.stopTracking })).toBeVisible({ timeout: 20_000 });
    for (const side of [desk, phone]) await expectFollows(side);
    await noSeriousViolations(desk);
    await noSeriousViolations(phone);

    // The phone reloads mid-call and joins again on a new connection: the object Sam chose reaches
    // it again (where it is, and its template), and the reloaded page shows its highlight.
    await phone.reload();
    await phone.getByRole('button', { name: words.session.rejoin }).click();
    await expect(
      phone.getByRole('status').filter({ hasText: fill(words.call.connected, { name: SAM.name }) }),
    ).toBeVisible({ timeout: 30_000 });
    await expect(phone.locator('canvas.tools-surface')).toBeVisible({ timeout: 20_000 });
    await expect.poll(async () => (await trackedView(phone)).highlight, { timeout: 20_000 }).not.toBeNull();
    await deskTools.getByRole('button', { name: office.tools.stopTracking }).click();
    await expect(track).toBeVisible();
    await expect.poll(async () => (await trackedView(phone)).highlight, { timeout: 10_000 }).toBeNull();
    expect((await trackedView(desk)).highlight).toBeNull();

    // The phone's page turns on Sam's console: garbage on the tools channel. His side drops every
    // message — no error shown, no exception, the call goes on — and the next real stroke lands
    // (the channel is ordered: it comes after all of the garbage), with nothing from the garbage.
    const crashes: string[] = [];
    desk.on('pageerror', (error) => crashes.push(error.message));
    expect(await phone.evaluate(sendGarbage)).toBeGreaterThan(500);
    await phoneTools.getByRole('button', { name: words.call.tools.pen }).click();
    await draw(phone, [0.2, 0.4], [0.4, 0.4]);
    await expect.poll(async () => (await inkAt(desk, [0.3, 0.4])).ink, { timeout: 10_000 }).toBe('code-user');
    expect((await inkAt(desk, [0.7, 0.6])).ink).toBeNull();
    expect(crashes).toEqual([]);
    await expect(desk.getByRole('alert')).toHaveCount(0);
    await expect(call).toHaveAttribute('data-phase', 'connected');

    // Without a pointer: Sam picks the arrow and reaches the picture with the keyboard alone; the
    // arrow keys move a cross from the middle (Shift: 5 % a press), Enter starts the arrow there and
    // Enter again ends it — on the picture where the cross was, on both sides.
    const arrow = deskTools.getByRole('button', { name: office.tools.arrow });
    await arrow.focus();
    await desk.keyboard.press('Enter');
    await expect(arrow).toHaveAttribute('aria-pressed', 'true');
    await desk.keyboard.press('Shift+Tab');
    await desk.keyboard.press('Shift+Tab');
    const surface = desk.getByRole('application', { name: office.tools.surface });
    await expect(surface).toBeFocused();
    await expect(desk.getByText(office.tools.keyboardHint)).toBeVisible();
    await noSeriousViolations(desk);
    for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowDown', 'ArrowDown', 'ArrowDown']) {
      await desk.keyboard.press(`Shift+${key}`);
    }
    await desk.keyboard.press('Enter');
    for (let step = 0; step < 6; step++) await desk.keyboard.press('Shift+ArrowRight');
    await desk.keyboard.press('Enter');
    await expect.poll(async () => (await inkAt(phone, [0.45, 0.65])).ink, { timeout: 10_000 }).toBe('employee');
    expect((await inkAt(desk, [0.45, 0.65])).ink).toBe('employee');
    expect((await inkAt(phone, [0.45, 0.5])).ink).toBeNull();

    await call.getByRole('button', { name: office.call.end }).click();
    await expect(call.getByRole('status')).toHaveText(office.call.ended);
  });
}
