import { chromium, type Browser, type Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocket as WsSocket, WebSocketServer, type WebSocket as RelaySocket } from 'ws';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { startServer } from '../../server/app';
import { startBridge } from '../../src-main/bridge/bridgeServer';
import { bootCore } from '../../src-main/core/boot';
import type { InputInjector } from '../../src-main/core/input/inputInjector';
import { createRobotInjector } from '../../src-main/core/input/robotInjector';
import { memoryLogger } from '../../tests/support/silentLogger';
import { tempDir } from '../../tests/support/tempDir';
import { startXvfb } from '../../tests/e2e/support/xvfb';
import { printFigure, summarize } from '../support/figures';
import { INPUT_HOPS_INSTRUMENT, clearHops, hopSteps, newInputSide } from './inputHops';

/*
 * bench/session: a real session between two Chromium pages, each with its own main core behind
 * the bridge, through the real cloud endpoint, input injected into a real X server. Floors are
 * measured in the same run, between two bare pages in the same two browsers, signaling through a
 * WebSocket relay in this process: a bare RTCPeerConnection (the host captures the screen, both
 * trickle; request to first frame) and, for input, a bare connection carrying the host's screen
 * and an unordered data channel whose receiver decodes and checks each move and forwards it over a
 * WebSocket to this process, which checks it and injects it into the same X server. Tandem's moves
 * and the floor's take turns in blocks, each beside its own screen stream with the other's paused,
 * both stamped hop by hop (inputHops.ts); then the floor's moves once more with no stream sent
 * (`input_no_video_floor_ms`: what input alone costs on this machine).
 *
 * Clocks: connect_ms (and connect_password_ms, connect_otp_ms) and their floor are timed on the
 * supporter page's clock alone. An input event's
 * send is stamped in the supporter's page and its injection in this process, both on the epoch
 * clock `performance.timeOrigin + performance.now()`: each process fixes its epoch offset to the
 * same monotonic clock once, so they agree to the offset printed as `clock_offset_ms` (the page's
 * clock read in the middle of the fastest of 50 round trips, ± half that round trip; the host's
 * page's as `host_clock_offset_ms`).
 */
const BENCH = 'session';
/**
 * TANDEM_BENCH_SESSION=connect (or input, fps; comma-separated) runs those parts alone; the input
 * and fps parts run on the session the connect part opened, so it always runs.
 * TANDEM_BENCH_CONNECTS (default 5) sets how many connects are timed.
 */
const PARTS = ['connect', 'input', 'fps'] as const;
const ONLY = process.env.TANDEM_BENCH_SESSION?.split(',').filter(Boolean);
const UNKNOWN_PARTS = ONLY?.filter((name) => !(PARTS as readonly string[]).includes(name)) ?? [];
if (UNKNOWN_PARTS.length > 0)
  throw new Error(`TANDEM_BENCH_SESSION names no part ${UNKNOWN_PARTS.join(', ')}: use ${PARTS.join(', ')}.`);
const runs = (part: (typeof PARTS)[number]) => !ONLY || ONLY.includes(part);
const CONNECTS = Number(process.env.TANDEM_BENCH_CONNECTS ?? 5);
const INPUTS = 300;
/**
 * Tandem's moves and the floor's take turns in blocks of this many (ABBA: Tandem first, then the
 * floor first, …), so both meet the same load on a shared machine.
 */
const INPUT_BLOCK = 30;
/** An event not injected this long after the last one was sent is lost. */
const INPUT_GRACE_MS = 2000;
/** How long a block waits for its last moves before the other side's block starts (late ones still count). */
const BLOCK_SETTLE_MS = 200;
/** After one screen stream is paused and the other resumed (its key frame sent), before a block starts. */
const STREAM_SETTLE_MS = 400;
const STATS_SECONDS = 10;
const SOURCE_FPS = [30, 60] as const;
const PASSWORD = 'bench-unattended-password';
const epochNow = () => performance.timeOrigin + performance.now();

if (!process.env.TANDEM_LOOPBACK_NETNS)
  throw new Error('Run through `npm run bench -- session` (it needs the loopback namespace).');

/** Chromium's fake capture device gives 20 frames a second unless told otherwise. */
const argsFor = (sourceFps: number) =>
  CHROMIUM_ARGS.map((arg) => (arg === '--use-fake-device-for-media-stream' ? `${arg}=fps=${sourceFps}` : arg));

/**
 * Runs in every page before its own scripts: keeps each RTCPeerConnection for getStats, the
 * times of every screen capture (epoch ms), and when the page first set a remote and a local
 * description and found a candidate (`__marks`, epoch ms; the timeline's `supporter_*`/`host_*`). A string: tsx's helpers do not exist in the page.
 * `TANDEM_BENCH_CODEC=VP9` (or H264, AV1) puts that codec first in the supporter's offer, to
 * compare codecs; without it the session negotiates as it does for users.
 */
const INSTRUMENT = `(() => {
  window.__preferCodec = ${JSON.stringify(process.env.TANDEM_BENCH_CODEC ?? '')};
  window.__marks = {};
  const Original = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) {
      super(...args);
      window.__pcs.push(this);
      const at = () => performance.timeOrigin + performance.now();
      this.addEventListener('track', () => (window.__trackAt ??= at()));
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') window.__connectedAt ??= at();
      });
      this.addEventListener('icecandidate', () => (window.__marks.candidate ??= at()));
    }
    async setRemoteDescription(...args) {
      window.__marks.remote_start ??= performance.timeOrigin + performance.now();
      const done = await super.setRemoteDescription(...args);
      window.__marks.remote_done ??= performance.timeOrigin + performance.now();
      return done;
    }
    async setLocalDescription(...args) {
      window.__marks.local_start ??= performance.timeOrigin + performance.now();
      const done = await super.setLocalDescription(...args);
      window.__marks.local_done ??= performance.timeOrigin + performance.now();
      return done;
    }
    addTransceiver(...args) {
      const transceiver = super.addTransceiver(...args);
      const preferred = window.__preferCodec;
      if (preferred && transceiver.receiver.track.kind === 'video') {
        const codecs = RTCRtpReceiver.getCapabilities('video').codecs;
        const first = codecs.filter((codec) => codec.mimeType === 'video/' + preferred);
        transceiver.setCodecPreferences([...first, ...codecs.filter((codec) => !first.includes(codec))]);
      }
      return transceiver;
    }
  };
  window.__captures = [];
  const media = navigator.mediaDevices;
  const capture = media.getDisplayMedia.bind(media);
  media.getDisplayMedia = async (constraints) => {
    const entry = { start: performance.timeOrigin + performance.now(), end: 0 };
    window.__captures.push(entry);
    const stream = await capture(constraints);
    entry.end = performance.timeOrigin + performance.now();
    return stream;
  };
})()`;

/** A blank page on loopback (a secure context) and a relay passing each message to the other page. */
async function startFloorRelay(onInput: (index: number) => void) {
  const http = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end('<!doctype html><title>floor</title><h1>floor</h1>');
  });
  const sockets = new Set<RelaySocket>();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('input:')) {
        // Checked as Tandem's core checks a move before it injects it.
        const index = Number(text.slice(6));
        return Number.isInteger(index) && index >= 0 && index < 1000 ? onInput(index) : undefined;
      }
      for (const other of sockets) if (other !== socket) other.send(text);
    });
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    close: () => {
      for (const socket of sockets) socket.terminate();
      wss.close();
      http.close();
    },
  };
}

async function main(): Promise<void> {
  const display = await startXvfb(1920, 1080);
  display.stopAfterExit();
  process.env.DISPLAY = display.display;
  const dirs = [tempDir(), tempDir(), tempDir()];
  const server = await startServer({ dataDir: dirs[0]!.path, logger: false });
  const robot = createRobotInjector();
  // Pointer moves keyed by position (epoch ms): when each reached this process, reached the
  // injector and was injected; Tandem's and the floor's apart.
  const tandemInput = newInputSide();
  const floorInput = newInputSide();
  // A move reaches this process when its WebSocket message is emitted (the bridge and the relay
  // both use `ws`): what follows, each side's own parsing and checks, is the `process` hop.
  let messageAt = NaN;
  const emit = WsSocket.prototype.emit;
  WsSocket.prototype.emit = function (this: WsSocket, event: string | symbol, ...args: unknown[]) {
    if (event === 'message') messageAt = epochNow();
    return emit.call(this, event, ...args);
  } as typeof emit;
  const indexOf = (x: number) => Math.round(x * 1000 - 0.5);
  const injector: InputInjector = {
    unavailableReason: robot.unavailableReason,
    inject(event) {
      if (event.type === 'pointer-move') tandemInput.injecting.set(indexOf(event.x), epochNow());
      robot.inject(event);
      if (event.type === 'pointer-move') tandemInput.injected.set(indexOf(event.x), epochNow());
    },
  };
  // The floor's moves are stamped here, or in `noVideoInput` while that part runs.
  let floorSide = floorInput;
  const relay = await startFloorRelay((index) => {
    floorSide.received.set(index, messageAt);
    floorSide.injecting.set(index, epochNow());
    robot.inject({ type: 'pointer-move', x: (index + 0.5) / 1000, y: 0.5 });
    floorSide.injected.set(index, epochNow());
  });
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
  // The host's bridge reaches its core through this, which keys each move's arrival here (its
  // WebSocket message, still being handled: the bridge parses and checks a frame synchronously).
  const stampedHostCore: typeof host.core = Object.create(host.core, {
    dispatch: {
      value: (channel: unknown, payload: unknown) => {
        const event =
          channel === 'session.input' ? (payload as { event?: { type?: unknown; x?: unknown } }).event : null;
        if (event?.type === 'pointer-move' && typeof event.x === 'number')
          tandemInput.received.set(indexOf(event.x), messageAt);
        return host.core.dispatch(channel, payload);
      },
    },
  });
  const hostBridge = await startBridge({ core: stampedHostCore, log: memoryLogger().log, rendererDir });
  const supporterBridge = await startBridge({ core: supporter.core, log: memoryLogger().log, rendererDir });
  await host.core.dispatch('device.setPermanentPassword', { password: PASSWORD });
  const identity = await host.core.dispatch('device.identity', {});
  if (!identity.ok) throw new Error('no identity');
  const hostId = (identity.value as { deviceId: string }).deviceId;

  // When each side's session reached each state, on this process's epoch clock.
  const reached = new Map<string, number>();
  for (const [role, booted] of [
    ['host', host],
    ['supporter', supporter],
  ] as const) {
    booted.core.events.subscribe((event, payload) => {
      // The first WebRTC signal each core hands its page: the host's the offer, the supporter's the answer.
      if (event === 'session.signal' && !reached.has(`${role}:signal`)) reached.set(`${role}:signal`, epochNow());
      if (event !== 'session.changed') return;
      const key = `${role}:${(payload as { state: string }).state}`;
      if (!reached.has(key)) reached.set(key, epochNow());
    });
  }

  // When each core first sent a WebRTC signal to the hub (the supporter its offer, the host its answer).
  for (const [role, booted] of [
    ['host', host],
    ['supporter', supporter],
  ] as const) {
    const signaling = booted.core.signaling;
    const send = signaling.send.bind(signaling);
    signaling.send = (message) => {
      const key = `${role}:signal_out`;
      if (message.type === 'relay' && (message.payload as { kind: string }).kind === 'signal' && !reached.has(key)) {
        reached.set(key, epochNow());
      }
      send(message);
    };
  }

  const browsers: Browser[] = [];
  const launch = async (sourceFps: number) => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: argsFor(sourceFps) });
    browsers.push(browser);
    return browser;
  };
  const open = async (browser: Browser, url: string) => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(INSTRUMENT);
    await page.addInitScript(INPUT_HOPS_INSTRUMENT);
    await page.goto(url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // tsx keeps function names with an `__name` helper; functions evaluated in the page need it too.
    await page.evaluate('window.__name = (fn) => fn');
    return page;
  };
  try {
    let hostBrowser = await launch(SOURCE_FPS[0]);
    const supporterBrowser = await launch(SOURCE_FPS[0]);
    let hostPage = await open(hostBrowser, hostBridge.pageUrl);
    const supporterPage = await open(supporterBrowser, supporterBridge.pageUrl);
    const hostFloor = await open(hostBrowser, relay.url);
    const supporterFloor = await open(supporterBrowser, relay.url);

    /**
     * The supporter's click on Connect to the first decoded frame, with when each step was reached:
     * unattended by the password this device remembers for the host (no password typed: what a help
     * desk does every day), by the typed permanent password with "Remember the password on this
     * device" ticked (the first time: it pays the permanent password's key stretching, and remembers
     * it anew), or by the one-time password with the host's page clicking Accept in the animation
     * frame its prompt shows (an end user who answers at once).
     */
    const connect = async (credential: 'remembered' | 'permanent' | 'otp') => {
      await underHubLimit();
      reached.clear();
      await hostPage.evaluate('window.__captures.length = 0');
      await supporterPage.evaluate(
        'window.__trackAt = undefined; window.__connectedAt = undefined; window.__frameReceivedAt = undefined',
      );
      await hostPage.evaluate('window.__connectedAt = undefined; window.__marks = {}');
      await supporterPage.evaluate('window.__marks = {}');
      // The host replaces its one-time password once its side of the last session has ended.
      for (;;) {
        const listed = await host.core.dispatch('session.list', {});
        if (!listed.ok) throw new Error('no session list');
        if ((listed.value as { state: string }[]).every((view) => view.state === 'ended')) break;
        await new Promise((done) => setTimeout(done, 10));
      }
      const current = await host.core.dispatch('device.identity', {});
      if (!current.ok) throw new Error('no identity');
      const { oneTimePassword } = current.value as { oneTimePassword: string };
      await supporterPage.getByRole('navigation').getByRole('button', { name: 'Connect' }).click();
      await supporterPage.getByRole('textbox', { name: 'Partner ID' }).fill(hostId);
      await supporterPage
        .getByLabel('Password', { exact: true })
        .fill(credential === 'otp' ? oneTimePassword : credential === 'permanent' ? PASSWORD : '');
      await supporterPage
        .getByRole('checkbox', { name: 'Remember the password on this device' })
        .setChecked(credential === 'permanent');
      if (credential === 'remembered') {
        await supporterPage.getByTestId('password-remembered').waitFor({ timeout: 10_000 });
      }
      const answered = credential === 'otp' ? hostPage.evaluate(acceptPromptWhenShown) : null;
      const timed = await supporterPage.evaluate(clickConnectUntilFirstFrame);
      const shownAt = answered ? await answered : NaN;
      const capture = (await hostPage.evaluate('window.__captures[0]')) as { start: number; end: number };
      const at = (key: string) => (reached.get(key) ?? NaN) - timed.clickedAt;
      const page = (await supporterPage.evaluate(
        '[window.__trackAt, window.__connectedAt, window.__frameReceivedAt]',
      )) as number[];
      const hostConnected = (await hostPage.evaluate('window.__connectedAt')) as number;
      const marks = async (page: Page, side: string) =>
        Object.fromEntries(
          Object.entries((await page.evaluate('window.__marks')) as Record<string, number>).map(([key, value]) => [
            `${side}_${key}`,
            value - timed.clickedAt,
          ]),
        );
      const pageMarks = { ...(await marks(supporterPage, 'supporter')), ...(await marks(hostPage, 'host')) };
      // Milestones, ms after the click; the supporter's core and both pages on the epoch clock.
      const timeline = {
        request_out: at('supporter:authenticating'),
        authenticated: at('supporter:awaiting_answer'),
        accepted: at('supporter:connecting'),
        host_connecting: at('host:connecting'),
        capture_start: capture.start - timed.clickedAt,
        capture_end: capture.end - timed.clickedAt,
        offer_out_of_supporter_core: at('supporter:signal_out'),
        offer_at_host_core: at('host:signal'),
        answer_out_of_host_core: at('host:signal_out'),
        answer_at_supporter_core: at('supporter:signal'),
        track: page[0]! - timed.clickedAt,
        media_connected: page[1]! - timed.clickedAt,
        session_active: at('supporter:active'),
        video_mounted: timed.videoAt - timed.clickedAt,
        host_media_connected: hostConnected - timed.clickedAt,
        frame_received: page[2]! - timed.clickedAt,
        first_frame: timed.firstFrameAt - timed.clickedAt,
      };
      return {
        ms: timed.ms,
        timeline: { ...timeline, ...pageMarks, ...(answered ? { prompt_shown: shownAt - timed.clickedAt } : {}) },
        // The critical path in steps: each from the milestone it waits for.
        steps: {
          request: timeline.request_out,
          password_handshake: timeline.authenticated - timeline.request_out,
          // Unattended: the host accepts without asking; the answer's way back to the supporter.
          // With the one-time password: the prompt shown, answered (with the capture) and sent back.
          prompt: timeline.accepted - timeline.authenticated,
          capture_start: timeline.capture_start - timeline.host_connecting,
          capture: timeline.capture_end - timeline.capture_start,
          // From the host's screen to the peer connection up (offer, answer, ICE, DTLS).
          ice_dtls: timeline.media_connected - timeline.capture_end,
          // Beside it: from the supporter's accepted request to the host's answer applied (its
          // track): the offer's and the answer's way through both cores and the hub.
          offer_to_answer: timeline.track - timeline.accepted,
          // The host's first frame encoded, sent and received; then decoded and shown.
          first_frame_received: timeline.frame_received - timeline.media_connected,
          first_frame: timeline.first_frame - timeline.media_connected,
        },
      };
    };
    /**
     * The hub takes at most 30 connection requests a minute from one device and source
     * (`server/signaling/hubLimits.ts`); three kinds of connect a round reach that from ten rounds
     * on, so a click waits (before its clock starts) while it would be the 30th within a minute.
     */
    const requestedAt: number[] = [];
    const underHubLimit = async () => {
      for (;;) {
        while (requestedAt.length > 0 && requestedAt[0]! <= Date.now() - 60_000) requestedAt.shift();
        if (requestedAt.length < 29) break;
        await new Promise((done) => setTimeout(done, requestedAt[0]! + 60_000 - Date.now() + 50));
      }
      requestedAt.push(Date.now());
    };
    const endSession = async () => {
      await supporterPage.getByRole('button', { name: 'End session' }).click();
      await supporterPage.getByTestId('connect-ended').waitFor();
    };

    // connect_ms (unattended, by the remembered password), connect_password_ms (the typed permanent
    // password, remembered again) and connect_otp_ms, the floor and Tandem taking turns, no session
    // running during any; the last connect's session stays for the parts that follow.
    type Connected = Awaited<ReturnType<typeof connect>>;
    const results: Record<'otp' | 'permanent' | 'remembered', Connected[]> = { otp: [], permanent: [], remembered: [] };
    const floorConnect: FloorConnect[] = [];
    for (let i = 0; i < CONNECTS; i++) {
      if (i > 0) await endSession();
      floorConnect.push(await bareConnect(hostFloor, supporterFloor));
      results.otp.push(await connect('otp'));
      await endSession();
      results.permanent.push(await connect('permanent'));
      await endSession();
      results.remembered.push(await connect('remembered'));
    }
    const p50s = (rows: Record<string, number>[]) =>
      Object.fromEntries(Object.keys(rows[0]!).map((key) => [key, summarize(rows.map((row) => row[key]!)).p50]));
    for (const [metric, rows] of [
      ['connect_ms', results.remembered],
      ['connect_password_ms', results.permanent],
      ['connect_otp_ms', results.otp],
    ] as const) {
      printFigure({
        bench: BENCH,
        metric,
        unit: 'ms',
        samples: rows.map((row) => row.ms),
        floor: floorConnect.map((row) => row.ms),
        extra: {
          steps_p50: p50s(rows.map((row) => row.steps)),
          timeline_p50: p50s(rows.map((row) => row.timeline)),
          floor_timeline_p50: p50s(floorConnect.map((row) => row.timeline)),
        },
      });
    }

    if (!runs('input') && !runs('fps')) return;
    // input_latency_ms: a pointer move on the supporter's view to its injection on the host's X server.
    if (runs('input')) {
      const clock = await clockOffset(supporterPage);
      const hostClock = await clockOffset(hostPage);
      await supporterPage.getByTestId('remote-screen').waitFor();
      await openBareInput(hostFloor, supporterFloor);
      await clearHops(supporterPage, hostPage, supporterFloor, hostFloor);
      const sent: [number, number][] = [];
      const floorSent: [number, number][] = [];
      /**
       * Each side's moves ride beside its own screen stream, as a session's do, and only the
       * measured side's stream is sent meanwhile: the other host page keeps capturing but encodes
       * nothing (its sender inactive), so both meet the same load.
       */
      const streamOnly = async (sending: Page | null) => {
        for (const page of [hostPage, hostFloor]) await setVideoSending(page, page === sending);
        await new Promise((done) => setTimeout(done, STREAM_SETTLE_MS));
      };
      const blockIndices = (block: number) =>
        Array.from(
          { length: Math.min(INPUT_BLOCK, INPUTS - block * INPUT_BLOCK) },
          (_, i) => ((block * INPUT_BLOCK + i) * 7) % 1000,
        );
      for (let block = 0; block * INPUT_BLOCK < INPUTS; block++) {
        const indices = blockIndices(block);
        const tandemBlock = async () => {
          await streamOnly(hostPage);
          const moves = await supporterPage.evaluate(movePointerAcrossRemoteScreen, indices);
          sent.push(...moves);
          await collectInjections(moves, tandemInput.injected, BLOCK_SETTLE_MS);
        };
        const floorBlock = async () => {
          await streamOnly(hostFloor);
          const moves = await supporterFloor.evaluate(bareInputMoves, indices);
          floorSent.push(...moves);
          await collectInjections(moves, floorInput.injected, BLOCK_SETTLE_MS);
        };
        for (const run of block % 4 === 0 || block % 4 === 3 ? [tandemBlock, floorBlock] : [floorBlock, tandemBlock])
          await run();
      }
      const steps = await hopSteps('tandem', sent, supporterPage, hostPage, tandemInput);
      const floorSteps = await hopSteps('floor', floorSent, supporterFloor, hostFloor, floorInput);
      // The floor's path once more with no stream sent at all: what this machine gives input alone.
      await streamOnly(null);
      const noVideoInput = newInputSide();
      floorSide = noVideoInput;
      const noVideoSent: [number, number][] = [];
      for (let block = 0; block * INPUT_BLOCK < INPUTS; block++) {
        const moves = await supporterFloor.evaluate(bareInputMoves, blockIndices(block));
        noVideoSent.push(...moves);
        await collectInjections(moves, noVideoInput.injected, BLOCK_SETTLE_MS);
      }
      floorSide = floorInput;
      const noVideo = await collectInjections(noVideoSent, noVideoInput.injected, INPUT_GRACE_MS);
      await setVideoSending(hostPage, true);
      const input = await collectInjections(sent, tandemInput.injected, INPUT_GRACE_MS);
      const floor = await collectInjections(floorSent, floorInput.injected, INPUT_GRACE_MS);
      await stopFloor(hostFloor, supporterFloor);
      printFigure({
        bench: BENCH,
        metric: 'input_latency_ms',
        unit: 'ms',
        samples: input.latencies,
        floor: floor.latencies,
        extra: {
          sent: sent.length,
          injected: input.latencies.length,
          lost: input.lost,
          floor_p95: summarize(floor.latencies).p95,
          floor_p99: summarize(floor.latencies).p99,
          floor_lost: floor.lost,
          clock_offset_ms: clock.offset,
          clock_offset_bound_ms: clock.bound,
          host_clock_offset_ms: hostClock.offset,
          host_clock_offset_bound_ms: hostClock.bound,
          steps,
          floor_steps: floorSteps,
        },
      });
      printFigure({
        bench: BENCH,
        metric: 'input_no_video_floor_ms',
        unit: 'ms',
        samples: noVideo.latencies,
        extra: { sent: noVideoSent.length, injected: noVideo.latencies.length, lost: noVideo.lost },
      });
      printFigure({
        bench: BENCH,
        metric: 'input_lost',
        unit: 'events',
        samples: [input.lost],
        extra: { sent: sent.length },
      });
    }
    if (!runs('fps')) return;

    // fps at 1920×1080, from a 30 and a 60 frames a second source, as the session toolbar shows it.
    for (const sourceFps of SOURCE_FPS) {
      if (sourceFps !== SOURCE_FPS[0]) {
        await endSession();
        await hostBrowser.close();
        hostBrowser = await launch(sourceFps);
        hostPage = await open(hostBrowser, hostBridge.pageUrl);
        await connect('remembered');
      }
      const measured = await measureVideo(hostPage, supporterPage);
      printFigure({
        bench: BENCH,
        metric: `fps_${sourceFps}`,
        unit: 'fps',
        samples: measured.fps,
        extra: { source_fps: sourceFps, ...measured.extra },
      });
      if (sourceFps === SOURCE_FPS[0])
        printFigure({ bench: BENCH, metric: 'bitrate_kbps', unit: 'kbit/s', samples: measured.kbps });
    }
  } finally {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    relay.close();
    await hostBridge.close();
    await supporterBridge.close();
    await host.shutdown();
    await supporter.shutdown();
    await server.close();
    for (const dir of dirs) dir.cleanup();
  }
}

/** Waits for every sent move to be injected, or `graceMs` after the last: late ones count, missing ones are lost. */
async function collectInjections(sent: [number, number][], injected: Map<number, number>, graceMs: number) {
  const deadline = Date.now() + graceMs;
  while (sent.some(([index]) => !injected.has(index)) && Date.now() < deadline)
    await new Promise((done) => setTimeout(done, 5));
  const latencies = sent.flatMap(([index, at]) => {
    const done = injected.get(index);
    return done === undefined ? [] : [done - at];
  });
  return { latencies, lost: sent.length - latencies.length };
}

/** The page's epoch clock against this process's, from the fastest of 50 round trips. */
async function clockOffset(page: Page): Promise<{ offset: number; bound: number }> {
  let best = { offset: 0, bound: Infinity };
  for (let i = 0; i < 50; i++) {
    const before = epochNow();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = epochNow();
    if ((after - before) / 2 < best.bound)
      best = { offset: inPage - (before + after) / 2, bound: (after - before) / 2 };
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return { offset: round(best.offset), bound: round(best.bound) };
}

/**
 * The video's figures over STATS_SECONDS: the toolbar's fps and kbit/s each second, and from both
 * sides' getStats what the source gave, what the encoder made of it and how long it took, what
 * arrived and what the decoder dropped.
 */
async function measureVideo(hostPage: Page, supporterPage: Page) {
  // Let the encoder settle after the connect's first frames.
  await new Promise((done) => setTimeout(done, 2000));
  const before = { host: await hostPage.evaluate(videoStats), supporter: await supporterPage.evaluate(videoStats) };
  const fps: number[] = [];
  const kbps: number[] = [];
  const limited = new Map<string, number>();
  for (let second = 0; second < STATS_SECONDS; second++) {
    await new Promise((done) => setTimeout(done, 1000));
    const text = (await supporterPage.getByTestId('session-stats').textContent()) ?? '';
    const match = /(\d+) fps · (\d+) kbit\/s/.exec(text);
    if (match) {
      fps.push(Number(match[1]));
      kbps.push(Number(match[2]));
    }
    const reason = String((await hostPage.evaluate(videoStats)).qualityLimitationReason);
    limited.set(reason, (limited.get(reason) ?? 0) + 1);
  }
  const after = { host: await hostPage.evaluate(videoStats), supporter: await supporterPage.evaluate(videoStats) };
  const delta = (side: 'host' | 'supporter', key: string) => Number(after[side][key]) - Number(before[side][key]);
  const seconds = (Number(after.host.at) - Number(before.host.at)) / 1000;
  const round = (value: number) => Math.round(value * 10) / 10;
  const encoded = delta('host', 'framesEncoded');
  return {
    fps,
    kbps,
    extra: {
      codec: after.host.codec,
      encoder: after.host.encoderImplementation,
      decoder: after.supporter.decoderImplementation,
      size: `${String(after.host.frameWidth)}x${String(after.host.frameHeight)}`,
      captured_fps: round(delta('host', 'sourceFrames') / seconds),
      encoded_fps: round(encoded / seconds),
      decoded_fps: round(delta('supporter', 'framesDecoded') / seconds),
      encode_ms_per_frame: round((delta('host', 'totalEncodeTime') * 1000) / encoded),
      frames_sent: delta('host', 'framesSent'),
      frames_received: delta('supporter', 'framesReceived'),
      frames_decoded: delta('supporter', 'framesDecoded'),
      frames_dropped: delta('supporter', 'framesDropped'),
      quality_limitation_seconds: Object.fromEntries(limited),
    },
  };
}

// ---- functions that run inside the pages ---------------------------------------------------------

async function videoStats(): Promise<Record<string, unknown>> {
  const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
  const pc = pcs.filter((each) => each.connectionState !== 'closed').at(-1)!;
  const report = await pc.getStats();
  const stats: Record<string, unknown> = { at: performance.now() };
  report.forEach((entry: Record<string, unknown>) => {
    if (entry.kind !== 'video' && entry.type !== 'codec') return;
    if (entry.type === 'media-source') stats.sourceFrames = entry.frames;
    if (entry.type === 'outbound-rtp') {
      for (const key of ['framesEncoded', 'totalEncodeTime', 'framesSent', 'frameWidth', 'frameHeight'])
        stats[key] = entry[key];
      stats.qualityLimitationReason = entry.qualityLimitationReason;
      stats.encoderImplementation = entry.encoderImplementation;
      stats.codec = (report.get(entry.codecId as string) as { mimeType?: string } | undefined)?.mimeType;
    }
    if (entry.type === 'inbound-rtp') {
      for (const key of ['framesReceived', 'framesDecoded', 'framesDropped']) stats[key] = entry[key];
      stats.decoderImplementation = entry.decoderImplementation;
    }
  });
  return stats;
}

async function clickConnectUntilFirstFrame(): Promise<{
  ms: number;
  clickedAt: number;
  videoAt: number;
  firstFrameAt: number;
}> {
  const button = [...document.querySelectorAll('main button')].find(
    (b) => b.textContent === 'Connect',
  ) as HTMLButtonElement;
  const started = performance.now();
  button.click();
  let videoAt = NaN;
  return new Promise((resolve, reject) => {
    const poll = () => {
      // A refused connect never shows a frame: say why instead of waiting for ever.
      const failure = document.querySelector('[data-testid="connect-failure"]');
      if (failure) return void reject(new Error(`connect refused: ${failure.textContent ?? ''}`));
      const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      if (video && Number.isNaN(videoAt)) {
        videoAt = performance.timeOrigin + performance.now();
        // When the first frame's last packet arrived (the page's clock), before decoding and painting.
        video.requestVideoFrameCallback((_now, meta) => {
          (window as unknown as { __frameReceivedAt: number }).__frameReceivedAt =
            performance.timeOrigin + (meta.receiveTime ?? NaN);
        });
      }
      if (video && video.getVideoPlaybackQuality().totalVideoFrames > 0) {
        const now = performance.now();
        resolve({
          ms: now - started,
          clickedAt: performance.timeOrigin + started,
          videoAt,
          firstFrameAt: performance.timeOrigin + now,
        });
      } else requestAnimationFrame(poll);
    };
    poll();
  });
}

/** The host's end user: clicks Accept in the animation frame the prompt shows; when that was (epoch ms). */
async function acceptPromptWhenShown(): Promise<number> {
  return new Promise((resolve) => {
    const poll = () => {
      const accept = [...document.querySelectorAll('[role="alertdialog"] button')].find(
        (button) => button.textContent === 'Accept',
      ) as HTMLButtonElement | undefined;
      if (!accept) return void requestAnimationFrame(poll);
      resolve(performance.timeOrigin + performance.now());
      accept.click();
    };
    poll();
  });
}

/** Real pointer events on the supporter's view, one per animation frame; returns [index, epoch ms sent]. */
async function movePointerAcrossRemoteScreen(indices: number[]): Promise<[number, number][]> {
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
  for (const index of indices) {
    await frame();
    // Stamped before the dispatch: the handler sends on the channel inside it.
    sent.push([index, performance.timeOrigin + performance.now()]);
    screen.dispatchEvent(
      new PointerEvent('pointermove', {
        bubbles: true,
        clientX: left + ((index + 0.5) / 1000) * width,
        clientY: top + height / 2,
      }),
    );
  }
  return sent;
}

// ---- floors: two bare pages in the same two browsers, signaling through this process's relay ------

interface FloorConnect {
  ms: number;
  timeline: Record<'answer' | 'track' | 'media_connected' | 'frame_received' | 'first_frame', number>;
}

interface FloorWindow {
  relay: WebSocket & { send(text: string): void };
  bare?: { pc: RTCPeerConnection; stream?: MediaStream; channel?: RTCDataChannel; video?: HTMLVideoElement };
}

/** Each floor page's socket to the relay; the host's page answers whatever the supporter's starts. */
async function joinRelay(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const floor = window as unknown as FloorWindow;
    if (floor.relay) return;
    const socket = new WebSocket(location.href.replace('http', 'ws'));
    await new Promise((done) => (socket.onopen = done));
    floor.relay = socket as unknown as FloorWindow['relay'];
  });
}

/**
 * The host's floor page: on `start` it captures the screen as Tandem's host does, answers the
 * supporter's offer with it, trickling; on `input` it forwards each move on a bare data channel
 * to this process, which injects it.
 */
async function serveHostFloor(hostPage: Page): Promise<void> {
  await joinRelay(hostPage);
  await hostPage.evaluate(() => {
    const floor = window as unknown as FloorWindow;
    let pc: RTCPeerConnection | null = null;
    let capture: Promise<MediaStream> | null = null;
    // Candidates wait for the description they belong to.
    let described: Promise<void> | null = null;
    floor.relay.onmessage = async (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as {
        start?: string;
        stop?: boolean;
        sdp?: RTCSessionDescriptionInit;
        candidate?: RTCIceCandidateInit;
      };
      if (data.stop || data.start) {
        floor.bare?.pc.close();
        floor.bare?.stream?.getTracks().forEach((track) => track.stop());
        floor.bare = undefined;
        pc = null;
      }
      if (data.start) {
        pc = new RTCPeerConnection();
        const own = pc;
        own.onicecandidate = (event) =>
          event.candidate && floor.relay.send(JSON.stringify({ candidate: event.candidate }));
        // Each frame decoded and checked as Tandem's host page checks one (its schema, by hand).
        own.ondatachannel = (event) => {
          event.channel.onmessage = (each: MessageEvent<unknown>) => {
            if (typeof each.data !== 'string' || each.data.length > 8192) return;
            let frame: { seq?: unknown; sentAt?: unknown; event?: { type?: unknown; x?: unknown; y?: unknown } } | null;
            try {
              frame = JSON.parse(each.data) as typeof frame;
            } catch {
              return;
            }
            const fraction = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;
            const move = frame?.event;
            if (!Number.isInteger(frame?.seq) || (frame!.seq as number) < 0) return;
            if (typeof frame!.sentAt !== 'number' || frame!.sentAt < 0) return;
            if (move?.type !== 'pointer-move' || !fraction(move.x) || !fraction(move.y)) return;
            floor.relay.send(`input:${Math.round(move.x * 1000 - 0.5)}`);
          };
        };
        floor.bare = { pc: own };
        described = null;
        capture =
          data.start === 'screen'
            ? navigator.mediaDevices.getDisplayMedia({
                video: { frameRate: { ideal: 30 }, width: { ideal: 1920 }, height: { ideal: 1080 } },
                audio: false,
              })
            : null;
      } else if (data.sdp && pc) {
        const own = pc;
        described = own.setRemoteDescription(data.sdp);
        await described;
        if (capture) {
          const stream = await capture;
          // As Tandem's host marks its screen (peerLink.ts).
          for (const track of stream.getVideoTracks()) track.contentHint = 'detail';
          floor.bare = { pc: own, stream };
          for (const track of stream.getTracks()) own.addTrack(track, stream);
        }
        await own.setLocalDescription(await own.createAnswer());
        floor.relay.send(JSON.stringify({ sdp: own.localDescription!.toJSON() }));
      } else if (data.candidate && pc) {
        const own = pc;
        await described;
        await own.addIceCandidate(data.candidate);
      }
    };
  });
}

/**
 * The supporter's floor page: its request to the first decoded frame, on its own clock, with
 * the milestones Tandem's timeline shares (ms after the request).
 */
async function bareConnect(hostPage: Page, supporterPage: Page): Promise<FloorConnect> {
  await serveHostFloor(hostPage);
  await joinRelay(supporterPage);
  const measured = await supporterPage.evaluate(
    () =>
      new Promise<FloorConnect>((resolve) => {
        const floor = window as unknown as FloorWindow;
        const started = performance.now();
        const marks = { answer: NaN, track: NaN, media_connected: NaN, frame_received: NaN };
        const mark = (key: keyof typeof marks) =>
          (marks[key] = Number.isNaN(marks[key]) ? performance.now() - started : marks[key]);
        floor.relay.send(JSON.stringify({ start: 'screen' }));
        const pc = new RTCPeerConnection();
        const video = document.createElement('video');
        video.muted = true;
        pc.addTransceiver('video', { direction: 'recvonly' });
        pc.ontrack = (event) => {
          mark('track');
          video.srcObject = new MediaStream([event.track]);
          void video.play();
          video.requestVideoFrameCallback((_now, meta) => {
            marks.frame_received = (meta.receiveTime ?? NaN) - started;
          });
        };
        pc.onconnectionstatechange = () => pc.connectionState === 'connected' && mark('media_connected');
        pc.onicecandidate = (event) =>
          event.candidate && floor.relay.send(JSON.stringify({ candidate: event.candidate }));
        let answered: (value?: unknown) => void;
        const answer = new Promise((done) => (answered = done));
        floor.relay.onmessage = async (message: MessageEvent<string>) => {
          const data = JSON.parse(message.data) as { sdp?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit };
          if (data.sdp) {
            mark('answer');
            answered(await pc.setRemoteDescription(data.sdp));
          } else if (data.candidate) await answer.then(() => pc.addIceCandidate(data.candidate));
        };
        void pc
          .setLocalDescription()
          .then(() => floor.relay.send(JSON.stringify({ sdp: pc.localDescription!.toJSON() })));
        const poll = () => {
          if (video.getVideoPlaybackQuality().totalVideoFrames > 0) {
            const ms = performance.now() - started;
            // The first frame's callback may come a frame after it counts: close after it.
            setTimeout(() => pc.close(), 100);
            setTimeout(() => resolve({ ms, timeline: { ...marks, first_frame: ms } }), 100);
          } else requestAnimationFrame(poll);
        };
        poll();
      }),
  );
  // Nothing of the floor's runs on while Tandem connects: its host page stops capturing.
  await stopFloor(hostPage, supporterPage);
  return measured;
}

/**
 * The floor's input connection: the host's floor page sends its screen, as a session does, and
 * the supporter's floor page shows it filling the page (as Tandem's view fits it) and opens a bare
 * unordered data channel beside it; open once the first frame is shown.
 */
async function openBareInput(hostPage: Page, supporterPage: Page): Promise<void> {
  await serveHostFloor(hostPage);
  await joinRelay(supporterPage);
  await supporterPage.evaluate(async () => {
    const floor = window as unknown as FloorWindow;
    floor.relay.send(JSON.stringify({ start: 'screen' }));
    const pc = new RTCPeerConnection();
    const channel = pc.createDataChannel('input', { ordered: false, maxRetransmits: 0 });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const video = document.createElement('video');
    video.muted = true;
    video.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh;object-fit:contain;background:#000';
    document.body.append(video);
    const shown = new Promise((done) => video.requestVideoFrameCallback(done));
    pc.ontrack = (event) => {
      video.srcObject = new MediaStream([event.track]);
      void video.play();
    };
    pc.onicecandidate = (event) => event.candidate && floor.relay.send(JSON.stringify({ candidate: event.candidate }));
    let answered: (value?: unknown) => void;
    const answer = new Promise((done) => (answered = done));
    floor.relay.onmessage = async (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as { sdp?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit };
      if (data.sdp) answered(await pc.setRemoteDescription(data.sdp));
      else if (data.candidate) await answer.then(() => pc.addIceCandidate(data.candidate));
    };
    await pc.setLocalDescription();
    floor.relay.send(JSON.stringify({ sdp: pc.localDescription!.toJSON() }));
    await new Promise((done) => (channel.onopen = done));
    await shown;
    floor.bare = { pc, channel, video };
  });
}

/** Closes the floor's connection on both pages, and the host's floor page stops capturing. */
async function stopFloor(hostPage: Page, supporterPage: Page): Promise<void> {
  await supporterPage.evaluate(() => {
    const floor = window as unknown as FloorWindow;
    floor.bare?.pc.close();
    floor.bare?.video?.remove();
    floor.bare = undefined;
    floor.relay.send(JSON.stringify({ stop: true }));
  });
  await hostPage.waitForFunction(() => !(window as unknown as FloorWindow).bare);
}

/**
 * Pauses or resumes a page's screen streams: its open connections' video senders stop or start
 * encoding (`active`), the capture itself runs on.
 */
async function setVideoSending(page: Page, sending: boolean): Promise<void> {
  await page.evaluate(async (active) => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      for (const sender of pc.getSenders()) {
        if (sender.track?.kind !== 'video') continue;
        const parameters = sender.getParameters();
        if (parameters.encodings.every((encoding) => encoding.active === active)) continue;
        for (const encoding of parameters.encodings) encoding.active = active;
        await sender.setParameters(parameters);
      }
    }
  }, sending);
}

/** The same moves as Tandem's, one per animation frame on the floor's open channel; [index, epoch ms sent]. */
async function bareInputMoves(indices: number[]): Promise<[number, number][]> {
  const floor = window as unknown as FloorWindow & { seq?: number };
  const channel = floor.bare!.channel!;
  const sent: [number, number][] = [];
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  for (const index of indices) {
    await frame();
    sent.push([index, performance.timeOrigin + performance.now()]);
    floor.seq = (floor.seq ?? -1) + 1;
    channel.send(
      JSON.stringify({
        seq: floor.seq,
        sentAt: performance.now(),
        event: { type: 'pointer-move', x: (index + 0.5) / 1000, y: 0.5 },
      }),
    );
  }
  return sent;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench/session failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
