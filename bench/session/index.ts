import { chromium, type Browser, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { startServer } from '../../server/app';
import { startBridge } from '../../src-main/bridge/bridgeServer';
import { bootCore } from '../../src-main/core/boot';
import type { InputInjector } from '../../src-main/core/input/inputInjector';
import { createRobotInjector } from '../../src-main/core/input/robotInjector';
import { memoryLogger } from '../../tests/support/silentLogger';
import { tempDir } from '../../tests/support/tempDir';
import { startXvfb } from '../../tests/e2e/support/xvfb';
import { printFigure } from '../support/figures';

/*
 * bench/session: a real session between two Chromium pages, each with its own main core behind
 * the bridge, through the real cloud endpoint, input injected into a real X server. Floors are
 * measured in the same run: a bare RTCPeerConnection (offer to first frame) and a bare data
 * channel (RTT/2).
 */
const BENCH = 'session';
const CONNECTS = 5;
const INPUTS = 300;
const STATS_SECONDS = 10;
const PASSWORD = 'bench-unattended-password';
const epochNow = () => performance.timeOrigin + performance.now();

if (!process.env.TANDEM_LOOPBACK_NETNS)
  throw new Error('Run through `npm run bench -- session` (it needs the loopback namespace).');

async function main(): Promise<void> {
  const display = await startXvfb(1920, 1080);
  display.stopAfterExit();
  process.env.DISPLAY = display.display;
  const dirs = [tempDir(), tempDir(), tempDir()];
  const server = await startServer({ dataDir: dirs[0]!.path, logger: false });
  const injected = new Map<number, number>();
  const robot = createRobotInjector();
  // The real injector, timing each pointer move (keyed by its position) as it is injected.
  const injector: InputInjector = {
    unavailableReason: robot.unavailableReason,
    inject(event) {
      robot.inject(event);
      if (event.type === 'pointer-move') injected.set(Math.round(event.x * 1000 - 0.5), epochNow());
    },
  };
  const start = (dataDir: string, injectorOption?: InputInjector) =>
    bootCore({
      dataDir,
      runtime: 'browser',
      version: 'bench',
      log: memoryLogger().log,
      cloudUrl: server.url,
      ...(injectorOption ? { injector: injectorOption } : {}),
      startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    });
  const host = await start(dirs[1]!.path, injector);
  const supporter = await start(dirs[2]!.path);
  const rendererDir = resolve('out/renderer');
  const hostBridge = await startBridge({ core: host.core, log: memoryLogger().log, rendererDir });
  const supporterBridge = await startBridge({ core: supporter.core, log: memoryLogger().log, rendererDir });
  await host.core.dispatch('device.setPermanentPassword', { password: PASSWORD });
  const identity = await host.core.dispatch('device.identity', {});
  if (!identity.ok) throw new Error('no identity');
  const hostId = (identity.value as { deviceId: string }).deviceId;

  const browsers: Browser[] = [];
  const open = async (url: string) => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    browsers.push(browser);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // tsx keeps function names with an `__name` helper; functions evaluated in the page need it too.
    await page.evaluate('window.__name = (fn) => fn');
    return page;
  };
  try {
    const hostPage = await open(hostBridge.pageUrl);
    const supporterPage = await open(supporterBridge.pageUrl);

    // connect_ms: the supporter's click on Connect to the first decoded frame (unattended: no prompt).
    const connects: number[] = [];
    for (let i = 0; i < CONNECTS; i++) {
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Connect' }).click();
      await supporterPage.getByRole('textbox', { name: 'Partner ID' }).fill(hostId);
      await supporterPage.getByLabel('Password').fill(PASSWORD);
      connects.push(await supporterPage.evaluate(clickConnectUntilFirstFrame));
      if (i < CONNECTS - 1) {
        await supporterPage.getByRole('button', { name: 'End session' }).click();
        await supporterPage.getByTestId('connect-ended').waitFor();
      }
    }
    const floorConnect: number[] = [];
    for (let i = 0; i < CONNECTS; i++) floorConnect.push(await bareConnect(hostPage, supporterPage));
    printFigure({ bench: BENCH, metric: 'connect_ms', unit: 'ms', samples: connects, floor: floorConnect });

    // input_latency_ms: a pointer move on the supporter's view to its injection on the host.
    await supporterPage.getByTestId('remote-screen').waitFor();
    const sent = await supporterPage.evaluate(movePointerAcrossRemoteScreen, INPUTS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latencies = sent.flatMap(([index, at]) => {
      const done = injected.get(index);
      return done === undefined ? [] : [done - at];
    });
    const floorInput = await bareHalfRoundTrips(hostPage, supporterPage, INPUTS);
    printFigure({ bench: BENCH, metric: 'input_latency_ms', unit: 'ms', samples: latencies, floor: floorInput });

    // fps and bitrate_kbps at 1920×1080 fake capture, as the supporter's session toolbar shows them.
    const fps: number[] = [];
    const kbps: number[] = [];
    for (let second = 0; second < STATS_SECONDS; second++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const text = (await supporterPage.getByTestId('session-stats').textContent()) ?? '';
      const match = /(\d+) fps · (\d+) kbit\/s/.exec(text);
      if (match) {
        fps.push(Number(match[1]));
        kbps.push(Number(match[2]));
      }
    }
    printFigure({ bench: BENCH, metric: 'fps', unit: 'fps', samples: fps });
    printFigure({ bench: BENCH, metric: 'bitrate_kbps', unit: 'kbit/s', samples: kbps });
  } finally {
    for (const browser of browsers) await browser.close();
    await hostBridge.close();
    await supporterBridge.close();
    await host.shutdown();
    await supporter.shutdown();
    await server.close();
    for (const dir of dirs) dir.cleanup();
  }
}

// ---- functions that run inside the pages ---------------------------------------------------------

function clickConnectUntilFirstFrame(): Promise<number> {
  const button = [...document.querySelectorAll('main button')].find(
    (b) => b.textContent === 'Connect',
  ) as HTMLButtonElement;
  const started = performance.now();
  button.click();
  return new Promise((resolve) => {
    const poll = () => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      if (video && video.getVideoPlaybackQuality().totalVideoFrames > 0) resolve(performance.now() - started);
      else requestAnimationFrame(poll);
    };
    poll();
  });
}

/** Real pointer events on the supporter's view, one per animation frame; returns [index, epoch ms]. */
async function movePointerAcrossRemoteScreen(count: number): Promise<[number, number][]> {
  const screen = document.querySelector<HTMLElement>('[data-testid="remote-screen"]')!;
  const video = screen.querySelector('video')!;
  const box = video.getBoundingClientRect();
  const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
  const width = video.videoWidth * scale;
  const height = video.videoHeight * scale;
  const left = box.x + (box.width - width) / 2;
  const top = box.y + (box.height - height) / 2;
  const sent: [number, number][] = [];
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 0; i < count; i++) {
    const index = (i * 7) % 1000;
    await frame();
    screen.dispatchEvent(
      new PointerEvent('pointermove', {
        bubbles: true,
        clientX: left + ((index + 0.5) / 1000) * width,
        clientY: top + height / 2,
      }),
    );
    sent.push([index, performance.timeOrigin + performance.now()]);
  }
  return sent;
}

// ---- floors: the same two pages, a bare RTCPeerConnection, signaling passed by hand -----------------

/** Offer creation on the host page to the first decoded frame on the supporter page (epoch ms). */
async function bareConnect(hostPage: Page, supporterPage: Page): Promise<number> {
  const offer = await hostPage.evaluate(async () => {
    const stream = await navigator.mediaDevices.getDisplayMedia({
      video: { width: 1920, height: 1080, frameRate: 30 },
    });
    const startedAt = performance.timeOrigin + performance.now();
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    (window as unknown as { bare: unknown }).bare = { pc, stream };
    return { sdp: pc.localDescription!.toJSON(), startedAt };
  });
  const answer = await supporterPage.evaluate(async (sdp) => {
    const pc = new RTCPeerConnection();
    const video = document.createElement('video');
    video.muted = true;
    pc.ontrack = (event) => {
      video.srcObject = event.streams[0]!;
      void video.play();
    };
    await pc.setRemoteDescription(sdp);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    (window as unknown as { bare: unknown }).bare = { pc, video };
    return pc.localDescription!.toJSON();
  }, offer.sdp);
  await hostPage.evaluate(async (sdp) => {
    await (window as unknown as { bare: { pc: RTCPeerConnection } }).bare.pc.setRemoteDescription(sdp);
  }, answer);
  const firstFrameAt = await supporterPage.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const { pc, video } = (window as unknown as { bare: { pc: RTCPeerConnection; video: HTMLVideoElement } }).bare;
        const poll = () => {
          if (video.getVideoPlaybackQuality().totalVideoFrames > 0) {
            pc.close();
            resolve(performance.timeOrigin + performance.now());
          } else requestAnimationFrame(poll);
        };
        poll();
      }),
  );
  await hostPage.evaluate(() => {
    const { pc, stream } = (window as unknown as { bare: { pc: RTCPeerConnection; stream: MediaStream } }).bare;
    pc.close();
    stream.getTracks().forEach((track) => track.stop());
  });
  return firstFrameAt - offer.startedAt;
}

/** Ping-pong on an unordered data channel from the supporter page to the host page: RTT / 2. */
async function bareHalfRoundTrips(hostPage: Page, supporterPage: Page, count: number): Promise<number[]> {
  const offer = await supporterPage.evaluate(async () => {
    const pc = new RTCPeerConnection();
    const channel = pc.createDataChannel('ping', { ordered: false, maxRetransmits: 0 });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    (window as unknown as { ping: unknown }).ping = { pc, channel };
    return pc.localDescription!.toJSON();
  });
  const answer = await hostPage.evaluate(async (sdp) => {
    const pc = new RTCPeerConnection();
    pc.ondatachannel = (event) => {
      event.channel.onmessage = (message) => event.channel.send(message.data);
    };
    await pc.setRemoteDescription(sdp);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    (window as unknown as { ping: unknown }).ping = { pc };
    return pc.localDescription!.toJSON();
  }, offer);
  const halves = await supporterPage.evaluate(
    async ({ sdp, count }) => {
      const { pc, channel } = (window as unknown as { ping: { pc: RTCPeerConnection; channel: RTCDataChannel } }).ping;
      await pc.setRemoteDescription(sdp);
      if (channel.readyState !== 'open') await new Promise((resolve) => (channel.onopen = resolve));
      const result: number[] = [];
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        await new Promise<void>((resolve) => {
          channel.onmessage = () => resolve();
          channel.send(JSON.stringify({ seq: i, sentAt: started, event: { type: 'pointer-move', x: 0.5, y: 0.5 } }));
        });
        result.push((performance.now() - started) / 2);
      }
      pc.close();
      return result;
    },
    { sdp: answer, count },
  );
  await hostPage.evaluate(() => (window as unknown as { ping: { pc: RTCPeerConnection } }).ping.pc.close());
  return halves;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench/session failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
