import { devices, type Locator, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { settingsDe } from '../../src-renderer/settings/i18n.de';
import { settingsEn } from '../../src-renderer/settings/i18n.en';
import { shellDe } from '../../src-renderer/shell/i18n.de';
import { shellEn } from '../../src-renderer/shell/i18n.en';
import { videoDe } from '../../src-renderer/video/i18n.de';
import { videoEn } from '../../src-renderer/video/i18n.en';
import { videoPageDe } from '../../src-renderer/video/page/i18n.de';
import { videoPageEn } from '../../src-renderer/video/page/i18n.en';
import { recordingTextsDe, recordingTextsEn } from '../../src-renderer/video/tools/recording/texts';
import { apiCaller } from '../support/apiCall';
import { admin } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { expect, Stage, test, type CloudEndpoint } from './support/fixtures';

const run = promisify(execFile);

/** Each language's texts, from the app's and the page's own catalogues. */
const LANGUAGES = {
  en: {
    locale: 'en-US',
    office: videoEn.video,
    phone: videoPageEn,
    shell: shellEn.nav,
    settings: settingsEn.settings,
    rec: recordingTextsEn,
  },
  de: {
    locale: 'de-DE',
    office: videoDe.video,
    phone: videoPageDe,
    shell: shellDe.nav,
    settings: settingsDe.settings,
    rec: recordingTextsDe,
  },
} as const;

const VIC = { email: 'vic@helpdesk.test', password: 'a long password', name: 'Vic Field' };
const TESS = { email: 'tess@helpdesk.test', password: 'another long password', name: 'Tess Other' };

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A text of the catalogue as a pattern: the given placeholders filled, the others any text. */
const shaped = (text: string, values: Record<string, string> = {}) =>
  new RegExp(
    `^${text
      .split(/(\{\{\w+\}\})/)
      .map((part) => {
        const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
        return name === undefined ? escape(part) : name in values ? escape(values[name]!) : '.+';
      })
      .join('')}`,
  );

/** Every file under `dir`, with its path. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** A `<video>` as far as it loaded: its ready state (1 and more: the file's duration is known) and that duration. */
const playerState = (player: Locator) =>
  player.evaluate((video: HTMLVideoElement) => ({ readyState: video.readyState, duration: video.duration }));

/** The first `media-src` violation a page reports while a `<video>` loads `src`. */
const refusedMedia = (page: Page, src: string) =>
  page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), {
          once: true,
        });
        const video = document.createElement('video');
        video.src = url;
        document.body.append(video);
      }),
    src,
  );

const sha256Of = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

async function ffprobeSeconds(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout.trim());
}

/** One of the endpoint's tus uploads in its data folder: the bytes it holds (its offset) of its whole size. */
interface StoredUpload {
  id: string;
  offset: number;
  size: number;
}

/** The uploads in the endpoint's `recordings/` (tus's file store: `<id>` holds the bytes so far, `<id>.json` the upload). */
function storedUploads(cloud: CloudEndpoint): StoredUpload[] {
  const dir = join(cloud.dataDir, 'recordings');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const id = name.slice(0, -'.json'.length);
      try {
        const { size } = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { size: number };
        return [{ id, offset: statSync(join(dir, id)).size, size }];
      } catch {
        return []; // Being written this moment: the next look reads it.
      }
    });
}

/**
 * Kills the endpoint (as a crash or a hard stop: it finishes nothing it is taking) the moment one
 * of its uploads holds some bytes but not all, watching its data folder; resolves, once it exited,
 * with what each upload held then.
 */
function killMidUpload(stage: Stage, cloud: CloudEndpoint): Promise<StoredUpload[]> {
  return new Promise((resolve) => {
    const watcher = watch(join(cloud.dataDir, 'recordings'), () => {
      if (!storedUploads(cloud).some((upload) => upload.offset > 0 && upload.offset < upload.size)) return;
      watcher.close();
      void stage.killCloud(cloud).then(() => resolve(storedUploads(cloud)));
    });
    watcher.unref();
  });
}

interface EndpointRecording {
  id: string;
  startedAt: string | null;
  stoppedAt: string | null;
  upload: 'none' | 'waiting' | 'ready';
  sizeBytes: number | null;
  durationMs: number | null;
}

/** Every text the employee's upload line shows from now on, in order (the progress is visible). */
const watchUploadLine = (page: Page) =>
  page.evaluate(() => {
    const seen: { text: string; bar: boolean }[] = [];
    (window as unknown as { uploadSeen: typeof seen }).uploadSeen = seen;
    new MutationObserver(() => {
      const line = document.querySelector('.recording-upload');
      if (!line) return;
      const text = line.textContent ?? '';
      if (seen.at(-1)?.text !== text) seen.push({ text, bar: line.querySelector('progress') !== null });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });

/**
 * VS-6 / VS-7, recording with consent: in a call between Vic (the Tandem app, its real core behind the
 * bridge) and the customer's phone, Vic asks to record; the phone sees the prompt and accepts; both
 * show the indicator; the phone withdraws and it stops on both sides (Vic's recorder too: its file
 * waits for the upload; the endpoint says stopped). A second recording is accepted, then the call ends;
 * the core uploads both (its progress shown), and the endpoint is killed while an upload is part-way:
 * Vic sees it paused, retrying; the endpoint starts again on its port and data folder and the core
 * goes on with the same upload from the endpoint's offset. The endpoint's files have the SHA-256 the
 * core computed, and ffprobe reads the time the endpoint saw each run (within half a second). Vic
 * plays it from the session's details; the phone plays it from its page, after the call and back
 * with its code; Tess, of the same company, gets 403, another device's code user 404.
 * In English and in German, axe clean with the prompt, the indicator and the players.
 */
for (const language of ['en', 'de'] as const) {
  const { locale, office, phone: words, shell, settings, rec } = LANGUAGES[language];
  test(`Recording (${language}): asked → accepted → indicator → withdrawn → again → call ends → upload cut by an endpoint restart resumes → same SHA-256 and duration → both play it, a third party cannot`, async ({
    browser,
  }, testInfo) => {
    test.setTimeout(240_000);
    const stage = new Stage();
    try {
      const cloud = await stage.cloud();
      // Uploads in PATCHes of 16 KiB, as behind a proxy with a body limit: the endpoint can be caught
      // part-way through a recording of a few seconds (one PATCH of the whole file ends in milliseconds).
      const tandem = await stage.app(cloud.url, { TANDEM_RECORDING_UPLOAD_CHUNK_BYTES: String(16 * 1024) });
      const api = apiCaller(() => cloud.url);
      const ada = await admin(cloud.url);
      const role = (await ada('POST', '/api/v1/admin/roles', {
        name: 'Video desk',
        permissions: ['video.view', 'video.manage', 'video.conduct'],
      }))!;
      const vicUser = (await ada('POST', '/api/v1/admin/users', { ...VIC, roleId: role.id }))!;
      await ada('POST', '/api/v1/admin/users', { ...TESS, roleId: role.id });
      const device = (await ada('POST', '/api/v1/video/devices', { name: 'Press 7' })) as { id: string; code: string };
      const session = (await ada('POST', '/api/v1/video/sessions', {
        deviceId: device.id,
        reason: 'The gauge reads red',
        assigneeIds: [vicUser.id],
      }))!;
      const sessionId = session.id as string;
      const tokenOf = async (who: { email: string; password: string }) =>
        (await api('POST', '/api/v1/auth/sign-in', { email: who.email, password: who.password })).body!.token as string;
      const vicToken = await tokenOf(VIC);
      const onEndpoint = async () =>
        (await api('GET', `/api/v1/video/sessions/${sessionId}/recordings`, undefined, vicToken)).body!
          .recordings as EndpointRecording[];

      // Vic signs in to his Tandem and opens the session.
      const desk = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 } });
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
      const recordings = vic.getByRole('region', { name: rec.list.title });
      await expect(recordings.getByText(rec.list.empty)).toBeVisible();

      // The phone joins with the code and both start the call.
      const mobile = await browser.newContext({ ...devices['Pixel 7'], locale });
      const phone = await mobile.newPage();
      await phone.goto(`${cloud.url}/v/${device.code}`);
      await phone.getByRole('button', { name: words.session.start }).click();
      await expect(phone.getByRole('status').filter({ hasText: words.call.waiting })).toBeVisible();
      await vic.getByRole('button', { name: office.session.startCall }).click();
      const call = vic.getByRole('region', { name: office.call.title });
      await expect(call).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
      await expect(phone.locator('main')).toHaveAttribute('data-phase', 'connected');

      // Vic asks to record: he waits for the phone, which is asked in a clear prompt.
      const record = call.getByRole('button', { name: rec.record, exact: true });
      await expect(record).toBeEnabled();
      await record.click();
      await expect(call.getByRole('status').filter({ hasText: shaped(rec.asking) })).toBeVisible();
      const prompt = phone.getByRole('alertdialog', { name: rec.promptTitle });
      await expect(prompt).toBeVisible();
      await expect(prompt).toContainText(fill(rec.promptBody, { name: VIC.name }));
      await noSeriousViolations(phone);
      await noSeriousViolations(vic);

      // The phone accepts: the indicator shows on both sides; Vic's computer records.
      await prompt.getByRole('button', { name: rec.accept }).click();
      const indicator = new RegExp(`^${escape(rec.on)}$`);
      const phoneOn = phone.getByRole('status').filter({ hasText: indicator });
      const vicOn = call.getByRole('status').filter({ hasText: indicator });
      await expect(phoneOn).toBeVisible();
      await expect(vicOn).toBeVisible();
      await expect(prompt).toHaveCount(0);
      await expect(call.getByRole('status').filter({ hasText: rec.upload.recording })).toBeVisible();
      await noSeriousViolations(phone);
      await noSeriousViolations(vic);

      // The phone withdraws: it stops on both sides; Vic's recorder finishes its file, the endpoint says stopped.
      await phone.getByRole('button', { name: rec.stop, exact: true }).click();
      await expect(phone.getByRole('status').filter({ hasText: rec.stopped })).toBeVisible();
      await expect(call.getByRole('status').filter({ hasText: rec.stopped })).toBeVisible();
      await expect(phoneOn).toHaveCount(0);
      await expect(vicOn).toHaveCount(0);
      await expect(call.getByRole('status').filter({ hasText: rec.upload.waiting })).toBeVisible();
      const [first] = await onEndpoint();
      expect(first).toMatchObject({ upload: 'waiting' });
      expect(first!.startedAt).not.toBeNull();
      expect(first!.stoppedAt).not.toBeNull();

      // A new recording, accepted; it runs a few seconds of picture, then the call ends.
      await record.click();
      await phone.getByRole('alertdialog', { name: rec.promptTitle }).getByRole('button', { name: rec.accept }).click();
      await expect(phoneOn).toBeVisible();
      await expect(vicOn).toBeVisible();
      await expect(call.getByRole('status').filter({ hasText: rec.upload.recording })).toBeVisible();
      await vic.waitForTimeout(3000); // The recording's length, not a wait for something to happen.
      await watchUploadLine(vic);
      const cut = killMidUpload(stage, cloud);
      await call.getByRole('button', { name: office.call.end }).click();
      await expect(call.getByRole('status').first()).toHaveText(office.call.ended);

      // The core uploads both (the progress shows); the endpoint dies while one is part-way.
      const atKill = await cut;
      const partWay = atKill.filter((upload) => upload.offset > 0 && upload.offset < upload.size);
      expect(partWay.length, `an upload part-way when the endpoint died: ${JSON.stringify(atKill)}`).toBeGreaterThan(0);
      // Vic is told it waits for the endpoint and tries again; then it starts again, as it was.
      const paused = call.getByRole('status').filter({ hasText: shaped(rec.upload.paused) });
      await expect(paused).toBeVisible();
      await expect(paused.getByRole('progressbar', { name: rec.upload.progress })).toBeVisible();
      await stage.restartCloud(cloud);

      // The core goes on and finishes.
      await expect(call.getByRole('status').filter({ hasText: rec.upload.uploaded })).toBeVisible({ timeout: 60_000 });
      const seen = await vic.evaluate(
        () => (window as unknown as { uploadSeen: { text: string; bar: boolean }[] }).uploadSeen,
      );
      expect(seen.some((line) => shaped(rec.upload.uploading).test(line.text) && line.bar)).toBe(true);
      expect(seen.some((line) => shaped(rec.upload.failed).test(line.text))).toBe(false);
      await expect.poll(async () => (await onEndpoint()).map((r) => r.upload)).toEqual(['ready', 'ready']);
      const ready = await onEndpoint();
      // The details' list follows without a reload (the feed's session frame, or its lists read again
      // when the feed came back): both with duration and size.
      const items = recordings.getByTestId('video-recording');
      await expect(items).toHaveCount(2);
      for (const item of await items.all()) {
        await expect(item).toContainText(rec.list.duration);
        await expect(item).toContainText(rec.list.size);
      }

      // The endpoint's files are the core's, byte for byte; ffprobe reads the time each ran.
      const coreKept = await Promise.all(
        (await filesUnder(tandem.dataDir))
          .filter((path) => /recordings\/[0-9a-f-]{36}\.json$/.test(path))
          .map(
            async (path) =>
              JSON.parse(await readFile(path, 'utf8')) as { recordingId: string; sha256: string; uploadUrl: string },
          ),
      );
      const stored = new Map<string, string>();
      for (const path of await filesUnder(join(cloud.dataDir, 'recordings'))) {
        // (An upload the endpoint created but never answered for, when it died, stays empty beside.)
        if (!path.endsWith('.json') && statSync(path).size > 0) stored.set(await sha256Of(path), path);
      }
      // Resumed, not begun again: one upload with bytes per recording, and the one cut part-way is the one that
      // holds the recording now, its URL still the core's. tus takes a PATCH only at the offset the
      // endpoint holds (any other is refused, 409), so it went on from the endpoint's offset.
      expect(stored.size).toBe(2);
      for (const upload of partWay) {
        const kept = coreKept.find((k) => new URL(k.uploadUrl, cloud.url).pathname.endsWith(`/${upload.id}`));
        expect(kept, `the core kept the upload it began, ${upload.id}`).toBeDefined();
        expect(stored.get(kept!.sha256)).toBe(join(cloud.dataDir, 'recordings', upload.id));
      }
      const probed = new Map<string, number>();
      for (const recording of ready) {
        const kept = coreKept.find((k) => k.recordingId === recording.id);
        expect(kept?.sha256).toMatch(/^[0-9a-f]{64}$/);
        const file = stored.get(kept!.sha256);
        expect(file, `the endpoint stores recording ${recording.id} with the core's SHA-256`).toBeDefined();
        const ran = (Date.parse(recording.stoppedAt!) - Date.parse(recording.startedAt!)) / 1000;
        probed.set(recording.id, await ffprobeSeconds(file!));
        expect(Math.abs(probed.get(recording.id)! - ran)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(recording.durationMs! / 1000 - ran)).toBeLessThanOrEqual(0.5);
      }

      // Vic plays the newest from the session's details.
      await call.getByRole('button', { name: office.call.close, exact: true }).click();
      await items.first().getByRole('button').click();
      const newest = ready[0]!;
      const player = items.first().locator('video');
      await expect(player).toBeVisible();
      await expect
        .poll(async () => (await playerState(player)).readyState, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(1);
      expect(Math.abs((await playerState(player)).duration - probed.get(newest.id)!)).toBeLessThanOrEqual(0.5);
      await noSeriousViolations(vic);
      // The window's policy lets media come from its endpoint's origin only: the same file by another name is refused.
      const elsewhere = (path: string) => new URL(path, cloud.url.replace('127.0.0.1', 'localhost')).toString();
      const vicPath = (await api('POST', `/api/v1/video/recordings/${newest.id}/ticket`, undefined, vicToken)).body!
        .path as string;
      expect(await refusedMedia(vic, elsewhere(vicPath))).toBe('media-src');

      // The phone's page lists them after the call (it heard of the uploads on its feed, back after the
      // restart): both with duration and size, the newest playable there.
      const phoneList = phone.getByRole('region', { name: words.recording.list.title });
      const phoneItems = phoneList.getByTestId('video-recording');
      await expect(phoneItems).toHaveCount(2, { timeout: 30_000 });
      for (const item of await phoneItems.all()) {
        await expect(item).toContainText(words.recording.list.duration);
        await expect(item).toContainText(words.recording.list.size);
      }
      // Back on the page later with the code (a new tab: it forgets the token): the session's recordings.
      await phone.close();
      const later = await mobile.newPage();
      await later.goto(`${cloud.url}/v/${device.code}`);
      const shown = later.getByRole('button', { name: words.recording.list.title, exact: true });
      await expect(shown).toHaveAttribute('aria-expanded', 'false');
      await shown.click();
      await expect(shown).toHaveAttribute('aria-expanded', 'true');
      const laterItems = later.getByTestId('video-recording');
      await expect(laterItems).toHaveCount(2);
      await laterItems
        .first()
        .getByRole('button', { name: shaped(words.recording.list.play) })
        .click();
      const phonePlayer = laterItems.first().locator('video');
      await expect(phonePlayer).toBeVisible();
      await expect
        .poll(async () => (await playerState(phonePlayer)).readyState, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(1);
      expect(Math.abs((await playerState(phonePlayer)).duration - probed.get(newest.id)!)).toBeLessThanOrEqual(0.5);
      await noSeriousViolations(later);
      // The page's policy (the endpoint's header) lets media come from the endpoint itself only.
      const pagePolicy = (await fetch(new URL('/v/', cloud.url))).headers.get('content-security-policy') ?? '';
      expect(pagePolicy.split('; ').filter((directive) => directive.startsWith('media-src'))).toEqual([
        "media-src 'self'",
      ]);
      const codeUserToken = await later.evaluate(() => sessionStorage.getItem('tandem.video.codeUserToken'));
      expect(codeUserToken).toBeTruthy();
      const phonePath = (
        await api('POST', `/api/v1/video/me/recordings/${newest.id}/ticket`, undefined, codeUserToken!)
      ).body!.path as string;
      expect(await refusedMedia(later, elsewhere(phonePath))).toBe('media-src');

      // Both parties get the file through a ticket; Tess, of the same company but not assigned, does not.
      const media = async (path: string) => {
        const response = await fetch(new URL(path, cloud.url));
        await response.arrayBuffer();
        return { status: response.status, type: response.headers.get('content-type') };
      };
      const vicTicket = await api('POST', `/api/v1/video/recordings/${newest.id}/ticket`, undefined, vicToken);
      expect(vicTicket.status).toBe(200);
      expect(await media(vicTicket.body!.path as string)).toEqual({ status: 200, type: 'video/webm' });
      const phoneTicket = await api(
        'POST',
        `/api/v1/video/me/recordings/${newest.id}/ticket`,
        undefined,
        codeUserToken!,
      );
      expect(phoneTicket.status).toBe(200);
      expect(await media(phoneTicket.body!.path as string)).toEqual({ status: 200, type: 'video/webm' });
      const tess = await api('POST', `/api/v1/video/recordings/${newest.id}/ticket`, undefined, await tokenOf(TESS));
      expect(tess).toMatchObject({ status: 403, body: { error: { code: 'video_not_assigned' } } });
      // Another device's code user sees neither the session's recordings nor a ticket; a forged ticket plays nothing.
      const otherDevice = (await ada('POST', '/api/v1/video/devices', { name: 'Press 9' })) as { code: string };
      const stranger = (await api('POST', '/api/v1/video/join', { code: otherDevice.code })).body!.token as string;
      expect(await api('GET', `/api/v1/video/me/sessions/${sessionId}/recordings`, undefined, stranger)).toMatchObject({
        status: 404,
      });
      expect(await api('POST', `/api/v1/video/me/recordings/${newest.id}/ticket`, undefined, stranger)).toMatchObject({
        status: 404,
      });
      const forged = phonePath.replace(/ticket=(\d+)\.[\w-]+/, (_, expires: string) => `ticket=${expires}.forged`);
      expect(await media(forged)).toMatchObject({ status: 403 });

      await mobile.close();
      await desk.close();
    } finally {
      await stage.attachOutput(testInfo, { always: testInfo.errors.length > 0 });
      await stage.stop();
    }
  });
}
