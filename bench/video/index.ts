import { chromium, type Browser, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { startServer } from '../../server/app';
import { tempDir } from '../../tests/support/tempDir';
import { readSetupToken } from '../../server/accounts/setupToken';
import { apiCaller } from '../../tests/support/apiCall';
import { openEmployeeHarness, startHarnessCall } from '../../tests/e2e/support/videoCallHarness';
import { elapsedMs, printFigure } from '../support/figures';

/*
 * bench/video (issue 16): one endpoint on 127.0.0.1, two pages in Chromium at its origin (fake
 * camera), each running the real call module (src-renderer/video/call/).
 * start_to_first_frame_ms: the code user's *Start* (the call module's start: camera and microphone
 *   open, the call socket joins a session the employee already waits in) → the first frame of the
 *   code user's video painted on the employee's page (requestVideoFrameCallback). Floor: the same
 *   two pages in the same run, a bare RTCPeerConnection with the same camera, the descriptions
 *   passed by hand with the first candidate each (as trickle ICE would, not waiting for gathering
 *   to complete): getUserMedia → the first frame painted on the other page. ratio = p50 / floor.
 * request_to_notify_ms: the code user's *Request video session* click on the endpoint's mobile page
 *   (/v/<code>) → the request's notice on the employee's screen (the web console, whose video feed
 *   pushes it: the desktop app shows the same notice from its core's feed). Measured in this
 *   process around both pages, so the automation's own steps count too; a notice that has not
 *   come within 5 s counts as lost.
 */
const BENCH = 'video';
const SAMPLES = process.env.TANDEM_BENCH_QUICK === '1' ? 10 : 30;
/** Requests measured after one to warm up: a code user may ask 10 times a minute. */
const REQUESTS = process.env.TANDEM_BENCH_QUICK === '1' ? 4 : 9;

const now = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now());

async function firstFrame(page: Page): Promise<number> {
  for (;;) {
    const at = await page.evaluate(() => (window as unknown as { firstFrameAt: number | null }).firstFrameAt);
    if (at !== null) return at;
    await new Promise((done) => setTimeout(done, 5));
  }
}

async function endCall(phone: Page, desk: Page): Promise<void> {
  await phone.evaluate(() => (window as unknown as { call: { end(): void } }).call.end());
  for (const page of [phone, desk]) {
    await page.waitForFunction(
      () => (window as unknown as { call: { view: { phase: string } } }).call.view.phase === 'ended',
    );
  }
}

/** getUserMedia on the phone page → the first frame painted on the desk page, over a bare connection. */
async function bareStart(phone: Page, desk: Page): Promise<number> {
  const offer = await phone.evaluate(async () => {
    const startedAt = performance.timeOrigin + performance.now();
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    // As trickle ICE would: on with the first candidate (loopback's host candidate), not all of them.
    const gathered = new Promise<void>((done) => {
      pc.onicecandidate = () => done();
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered;
    (window as unknown as { bare: unknown }).bare = { pc, stream };
    return { sdp: pc.localDescription!.toJSON(), startedAt };
  });
  const answer = await desk.evaluate(async (sdp) => {
    const pc = new RTCPeerConnection();
    const video = document.createElement('video');
    video.muted = true;
    const w = window as unknown as { bare: unknown; bareFrameAt: number | null };
    w.bareFrameAt = null;
    video.requestVideoFrameCallback(() => {
      w.bareFrameAt = performance.timeOrigin + performance.now();
    });
    pc.ontrack = (event) => {
      video.srcObject = event.streams[0]!;
      void video.play();
    };
    await pc.setRemoteDescription(sdp);
    const gathered = new Promise<void>((done) => {
      pc.onicecandidate = () => done();
    });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered;
    w.bare = { pc };
    return pc.localDescription!.toJSON();
  }, offer.sdp);
  await phone.evaluate(async (sdp) => {
    await (window as unknown as { bare: { pc: RTCPeerConnection } }).bare.pc.setRemoteDescription(sdp);
  }, answer);
  await desk.waitForFunction(() => (window as unknown as { bareFrameAt: number | null }).bareFrameAt !== null);
  const frameAt = await desk.evaluate(() => (window as unknown as { bareFrameAt: number }).bareFrameAt);
  for (const page of [phone, desk]) {
    await page.evaluate(() => {
      const { pc, stream } = (window as unknown as { bare: { pc: RTCPeerConnection; stream?: MediaStream } }).bare;
      pc.close();
      stream?.getTracks().forEach((track) => track.stop());
    });
  }
  return frameAt - offer.startedAt;
}

async function main(): Promise<void> {
  const dir = tempDir('tandem-bench-video-');
  const server = await startServer({ dataDir: dir.path, logger: false, consoleDir: resolve('out/renderer') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const call = apiCaller(() => server.url);
    const checked = async (method: string, path: string, body?: unknown, token?: string) => {
      const answer = await call(method, path, body, token);
      if (answer.status >= 400)
        throw new Error(`${method} ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body!;
    };
    // The company's administrator holds every permission: they manage the device and conduct the calls.
    const admin = { company: 'Acme Service', name: 'Ada', email: 'ada@acme.test', password: 'a long password' };
    await checked('POST', '/api/v1/setup', { ...admin, setupToken: readSetupToken(dir.path) });
    const employee = (await checked('POST', '/api/v1/auth/sign-in', { email: admin.email, password: admin.password }))
      .token as string;
    const employeeId = (await checked('GET', '/api/v1/me', undefined, employee)).id as string;
    const device = (await checked('POST', '/api/v1/video/devices', { name: 'Press 4' }, employee)) as {
      id: string;
      code: string;
    };
    const codeUser = (await checked('POST', '/api/v1/video/join', { code: device.code })).token as string;

    const phone = await browser.newPage();
    const desk = await browser.newPage();
    await openEmployeeHarness(phone);
    await openEmployeeHarness(desk);

    const samples: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const created = await checked(
        'POST',
        '/api/v1/video/sessions',
        { deviceId: device.id, reason: `Bench call ${i}`, assigneeIds: [employeeId] },
        employee,
      );
      const sessionId = created.id as string;
      await startHarnessCall(desk, { endpoint: server.url, token: employee, sessionId, role: 'employee' });
      await desk.waitForFunction(
        () => (window as unknown as { call: { view: { phase: string } } }).call.view.phase === 'waiting',
      );
      const startedAt = await now(phone);
      await startHarnessCall(phone, { endpoint: server.url, token: codeUser, sessionId, role: 'code-user' });
      samples.push((await firstFrame(desk)) - startedAt);
      await endCall(phone, desk);
      floor.push(await bareStart(phone, desk));
    }
    printFigure({
      bench: BENCH,
      metric: 'start_to_first_frame_ms',
      unit: 'ms',
      samples,
      floor,
      extra: { calls: SAMPLES },
    });
    await requestToNotify(browser, server.url, admin, device.code);
  } finally {
    await browser.close();
    await server.close();
    dir.cleanup();
  }
}

/** request_to_notify_ms: the employee signed in to the web console; the code user on the mobile page asks. */
async function requestToNotify(
  browser: Browser,
  url: string,
  employee: { email: string; password: string },
  code: string,
): Promise<void> {
  const office = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await office.goto(url);
  await office.getByLabel('E-mail').fill(employee.email);
  await office.getByLabel('Password', { exact: true }).fill(employee.password);
  await office.getByRole('button', { name: 'Sign in' }).click();
  const customer = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await customer.goto(`${url}/v/${code}`);
  await customer.getByRole('heading', { level: 1, name: 'Press 4' }).waitFor();
  const samples: number[] = [];
  let lost = 0;
  for (let i = 0; i <= REQUESTS; i++) {
    const reason = `Bench request ${i}`;
    await customer.getByLabel('What is the problem?').fill(reason);
    const start = process.hrtime.bigint();
    await customer.getByRole('button', { name: 'Request video session' }).click();
    try {
      await office.getByTestId('video-notice').filter({ hasText: reason }).waitFor({ timeout: 5000 });
      // The first one warms up (the console's feed socket may still be authenticating).
      if (i > 0) samples.push(elapsedMs(start));
    } catch {
      if (i > 0) lost++;
    }
  }
  printFigure({
    bench: BENCH,
    metric: 'request_to_notify_ms',
    unit: 'ms',
    samples,
    extra: { sent: REQUESTS, lost },
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench/video failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
