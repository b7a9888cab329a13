import { devices, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
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

/** Each language's texts, from the app's and the page's own catalogues. */
const LANGUAGES = {
  en: { locale: 'en-US', office: videoEn.video, phone: videoPageEn, shell: shellEn.nav, settings: settingsEn.settings },
  de: { locale: 'de-DE', office: videoDe.video, phone: videoPageDe, shell: shellDe.nav, settings: settingsDe.settings },
} as const;

const VIC = { email: 'vic@helpdesk.test', password: 'a long password', name: 'Vic Field' };

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A text of the catalogue as a pattern: the given placeholders filled, the others (a time) any text. */
const shaped = (text: string, values: Record<string, string>) =>
  new RegExp(
    `^${text
      .split(/(\{\{\w+\}\})/)
      .map((part) => {
        const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
        return name === undefined ? escape(part) : name in values ? escape(values[name]!) : '.+';
      })
      .join('')}$`,
  );

/** A line from `from` to `to` (fractions of the canvas) with the mouse, in several steps. */
async function drag(page: Page, canvas: Locator, from: [number, number], to: [number, number]) {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 6 });
  await page.mouse.up();
}

/** The canvas's pixels, as its size and a hash of every byte. */
const pixelsOf = (canvas: Locator) =>
  canvas.evaluate((element: HTMLCanvasElement) => {
    const data = element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data;
    let hash = 2166136261;
    for (const byte of data) hash = Math.imul(hash ^ byte, 16777619);
    return `${element.width}x${element.height}:${hash >>> 0}`;
  });

/** A downloaded PNG decoded in the page, as the same size and hash. */
async function pixelsOfPng(page: Page, path: string) {
  const png = (await readFile(path)).toString('base64');
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 2166136261;
    for (const byte of data) hash = Math.imul(hash ^ byte, 16777619);
    return `${canvas.width}x${canvas.height}:${hash >>> 0}`;
  }, png);
}

/**
 * VS-6 / VS-7, screenshots edited together: in a call between Vic (the Tandem app) and the customer's
 * phone, the phone takes a screenshot of its camera; both draw on it at the same moment (pen and
 * rectangle strokes interleaved, then a text), and the two canvases end pixel for pixel the same;
 * the phone's undo takes back its own last drawing — not Vic's later one — on both sides. After the
 * call the screenshot is in the session's details view with every drawing, can be drawn on again,
 * and exports as a PNG with exactly the editor's pixels. In English and in German, axe clean.
 */
for (const language of ['en', 'de'] as const) {
  const { locale, office, phone: words, shell, settings } = LANGUAGES[language];
  const shots = office.screenshots;
  test(`Screenshots (${language}): taken on the phone → drawn on at once by both → identical → own undo → in the details after the call → PNG`, async ({
    browser,
    tandem,
  }) => {
    test.setTimeout(180_000);
    const ada = await admin(tandem.cloudUrl);
    const role = (await ada('POST', '/api/v1/admin/roles', {
      name: 'Video desk',
      permissions: ['video.view', 'video.manage', 'video.conduct'],
    }))!;
    const vicUser = (await ada('POST', '/api/v1/admin/users', { ...VIC, roleId: role.id }))!;
    const device = (await ada('POST', '/api/v1/video/devices', { name: 'Press 7' })) as { id: string; code: string };
    await ada('POST', '/api/v1/video/sessions', {
      deviceId: device.id,
      reason: 'The gauge reads red',
      assigneeIds: [vicUser.id],
    });

    // Vic signs in to his Tandem and opens the session.
    const desk = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    const vic = await desk.newPage();
    await vic.goto(tandem.pageUrl);
    const nav = vic.getByRole('navigation').first();
    await nav.getByRole('button', { name: shell.settings }).click();
    await vic.getByRole('textbox', { name: settings.email }).fill(VIC.email);
    await vic.getByLabel(settings.password, { exact: true }).fill(VIC.password);
    await vic.getByRole('button', { name: settings.signIn }).click();
    await expect(vic.getByTestId('account-status')).toContainText(VIC.email);
    await nav.getByRole('button', { name: shell.video, exact: true }).click();
    await vic.getByRole('button', { name: fill(office.sessions.openLabel, { device: 'Press 7' }) }).click();
    const details = vic.getByRole('region', { name: shots.section });
    await expect(details.getByText(shots.none)).toBeVisible();

    // The phone joins with the code and both start the call.
    const mobile = await browser.newContext({ ...devices['Pixel 7'], locale, acceptDownloads: true });
    const phone = await mobile.newPage();
    await phone.goto(`${tandem.cloudUrl}/v/${device.code}`);
    await phone.getByRole('button', { name: words.session.start }).click();
    await expect(phone.getByRole('status').filter({ hasText: words.call.waiting })).toBeVisible();
    await vic.getByRole('button', { name: office.session.startCall }).click();
    const call = vic.getByRole('region', { name: office.call.title });
    await expect(call).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
    await expect(phone.locator('main')).toHaveAttribute('data-phase', 'connected');

    // The phone takes a screenshot of its camera: both sides open it.
    await phone.getByRole('button', { name: words.screenshots.take }).click();
    const phoneEditor = phone.getByRole('region', { name: words.screenshots.heading, exact: true });
    const vicEditor = call.getByRole('region', { name: shots.heading, exact: true });
    await expect(
      phoneEditor.getByText(shaped(words.screenshots.editing, { who: words.screenshots.you })),
    ).toBeVisible();
    await expect(vicEditor.getByText(shaped(shots.editing, { who: shots.codeUser }))).toBeVisible();
    const phoneCanvas = phoneEditor.getByRole('img', { name: words.screenshots.canvas });
    const vicCanvas = vicEditor.getByRole('img', { name: shots.canvas });
    await expect(phoneCanvas).toHaveAttribute('data-items', '0');
    await expect(vicCanvas).toHaveAttribute('data-items', '0');
    await noSeriousViolations(phone);
    await noSeriousViolations(vic);

    // Both draw at the same moment: pen strokes on the phone, rectangles and an arrow at Vic's, interleaved.
    await vicEditor.getByRole('button', { name: shots.rectangle, exact: true }).click();
    await Promise.all([
      (async () => {
        await drag(phone, phoneCanvas, [0.1, 0.1], [0.4, 0.3]);
        await drag(phone, phoneCanvas, [0.1, 0.8], [0.5, 0.6]);
        await drag(phone, phoneCanvas, [0.2, 0.5], [0.3, 0.9]);
      })(),
      (async () => {
        await drag(vic, vicCanvas, [0.5, 0.2], [0.9, 0.5]);
        await drag(vic, vicCanvas, [0.6, 0.6], [0.8, 0.9]);
        await vicEditor.getByRole('button', { name: shots.arrow, exact: true }).click();
        await drag(vic, vicCanvas, [0.9, 0.1], [0.7, 0.3]);
      })(),
    ]);
    // Vic's text comes last of all.
    await vicEditor.getByRole('button', { name: shots.text, exact: true }).click();
    await vicCanvas.click({ position: { x: 30, y: 30 } });
    await vicEditor.getByRole('textbox', { name: shots.textLabel }).fill('Valve');
    await vicEditor.getByRole('button', { name: shots.textPlace, exact: true }).click();
    for (const canvas of [phoneCanvas, vicCanvas]) {
      await expect(canvas).toHaveAttribute('data-code-user-items', '3');
      await expect(canvas).toHaveAttribute('data-employee-items', '4');
    }
    await expect.poll(async () => (await pixelsOf(phoneCanvas)) === (await pixelsOf(vicCanvas))).toBe(true);
    const together = await pixelsOf(vicCanvas);

    // The phone's undo takes back its own last stroke (not Vic's later text), on both sides.
    await phoneEditor.getByRole('button', { name: words.screenshots.undo, exact: true }).click();
    for (const canvas of [phoneCanvas, vicCanvas]) {
      await expect(canvas).toHaveAttribute('data-code-user-items', '2');
      await expect(canvas).toHaveAttribute('data-employee-items', '4');
    }
    await expect.poll(async () => (await pixelsOf(phoneCanvas)) === (await pixelsOf(vicCanvas))).toBe(true);
    const final = await pixelsOf(vicCanvas);
    expect(final).not.toBe(together);
    // Both saved what they hold.
    await expect(phoneEditor.getByRole('status')).toHaveText(words.screenshots.saved);
    await expect(vicEditor.getByRole('status')).toHaveText(shots.saved);
    await noSeriousViolations(phone);
    await noSeriousViolations(vic);

    // The call ends; the screenshot is in the details view with every drawing.
    await call.getByRole('button', { name: office.call.end }).click();
    await expect(call.getByRole('status').first()).toHaveText(office.call.ended);
    await call.getByRole('button', { name: office.call.close, exact: true }).click();
    const thumb = details.getByRole('button', { name: shaped(shots.open, { who: shots.codeUser }) });
    await expect(thumb).toHaveCount(1);
    await thumb.click();
    const afterCall = details.getByRole('region', { name: shots.heading, exact: true });
    const afterCanvas = afterCall.getByRole('img', { name: shots.canvas });
    await expect(afterCanvas).toHaveAttribute('data-items', '6');
    expect(await pixelsOf(afterCanvas)).toBe(final);
    await noSeriousViolations(vic);

    // Exported as PNG: the editor's pixels exactly.
    const [download] = await Promise.all([
      vic.waitForEvent('download'),
      afterCall.getByRole('button', { name: shots.exportPng, exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^screenshot-.+\.png$/);
    expect(await pixelsOfPng(vic, (await download.path())!)).toBe(final);

    // Still editable after the call: a stroke is saved to the session.
    await afterCall.getByRole('button', { name: shots.pen, exact: true }).click();
    await drag(vic, afterCanvas, [0.3, 0.3], [0.6, 0.4]);
    await expect(afterCanvas).toHaveAttribute('data-employee-items', '5');
    await expect(afterCall.getByRole('status')).toHaveText(shots.saved);
    // Closed and opened again: read back from the endpoint.
    await afterCall.getByRole('button', { name: shots.close, exact: true }).click();
    await expect(afterCall).toHaveCount(0);
    await thumb.click();
    await expect(afterCanvas).toHaveAttribute('data-items', '7');

    await mobile.close();
    await desk.close();
  });
}
