import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordPeerConnections } from './peerConnections';

let bundle: Promise<string> | null = null;
let harness: Promise<string> | null = null;

const HARNESS_PAGE = `<!doctype html><html lang="en"><head><title>Employee harness</title><script src="/call.js"></script></head><body><video id="remote" autoplay playsinline muted></video></body></html>`;

/**
 * The harness page and the bundled module, served from 127.0.0.1 like the endpoint: Chromium lets a
 * page reach a loopback socket only from a loopback page (Local Network Access), and the camera
 * only in a secure context (which 127.0.0.1 is).
 */
function harnessUrl(): Promise<string> {
  harness ??= callModule().then(
    (script) =>
      new Promise<string>((resolve) => {
        const server = createServer((request, response) => {
          const isScript = request.url === '/call.js';
          response.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
          response.end(isScript ? script : HARNESS_PAGE);
        });
        server.listen(0, '127.0.0.1', () => {
          server.unref();
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        });
      }),
  );
  return harness;
}

/** The real call module (src-renderer/video/call/), bundled for a page as `window.TandemVideoCall`. */
function callModule(): Promise<string> {
  bundle ??= build({
    entryPoints: ['src-renderer/video/call/videoCall.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'TandemVideoCall',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}

/**
 * A minimal employee page built from the real call module: `window.call` is the employee's VideoCall once
 * `startEmployeeCall` ran; every description the page set locally is kept in `window.localDescriptions`,
 * and `window.remoteFrames()` counts the frames of the other side's video painted so far
 * (requestVideoFrameCallback on a <video> showing it).
 */
export async function openEmployeeHarness(page: Page): Promise<void> {
  // tsx (the benchmark's runner) names inner functions with a helper the page does not have.
  await page.addInitScript('window.__name = (target) => target');
  await recordPeerConnections(page);
  await page.goto(await harnessUrl());
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    let painted = 0;
    const video = document.getElementById('remote') as HTMLVideoElement;
    const count = () => {
      painted++;
      video.requestVideoFrameCallback(count);
    };
    video.requestVideoFrameCallback(count);
    w.remoteFrames = () => painted;
  });
}

/** Starts the employee's side of the call in the harness. */
export function startEmployeeCall(page: Page, options: { endpoint: string; token: string; sessionId: string }) {
  return startHarnessCall(page, { ...options, role: 'employee' });
}

/**
 * Starts a side of the call in the harness (a fresh <video> shows the other side); resolves once
 * the call module started (camera and microphone open, the join sent). `window.firstFrameAt` is the
 * time (ms since the epoch) the first frame of the other side's video was painted, once it was.
 */
export async function startHarnessCall(
  page: Page,
  options: { endpoint: string; token: string; sessionId: string; role: 'employee' | 'code-user' },
) {
  await page.evaluate(async ({ endpoint, token, sessionId, role }) => {
    const w = window as unknown as Record<string, unknown> & {
      TandemVideoCall: {
        VideoCall: new (options: unknown) => {
          start(): Promise<void>;
          store: { subscribe(f: (s: { remote: MediaStream | null }) => void): void };
        };
      };
    };
    const call = new w.TandemVideoCall.VideoCall({ endpoint, token, sessionId, role });
    w.call = call;
    w.firstFrameAt = null;
    const video = document.getElementById('remote') as HTMLVideoElement;
    video.srcObject = null;
    video.requestVideoFrameCallback(() => {
      w.firstFrameAt = performance.timeOrigin + performance.now();
    });
    call.store.subscribe((state) => {
      if (video.srcObject !== state.remote) video.srcObject = state.remote;
    });
    await call.start();
  }, options);
}

/** Frames of the other side's video decoded by the employee's connection (getStats). */
export function employeeFramesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const call = (window as unknown as { call: { connection: RTCPeerConnection | null } }).call;
    const report = await call.connection?.getStats();
    let frames = 0;
    report?.forEach((entry: Record<string, unknown>) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') frames += Number(entry.framesDecoded ?? 0);
    });
    return frames;
  });
}
