import { expect, type Page } from '@playwright/test';

/**
 * Before the page's scripts run: every RTCPeerConnection the page makes is kept in
 * `window.peerConnections`, and every description it sets locally in `window.localDescriptions`,
 * so a test can read the page's own connection as a call module built it.
 */
export async function recordPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    const connections: RTCPeerConnection[] = [];
    const descriptions: { type: string; sdp: string }[] = [];
    w.peerConnections = connections;
    w.localDescriptions = descriptions;
    const Native = window.RTCPeerConnection;
    const original = Native.prototype.setLocalDescription;
    Native.prototype.setLocalDescription = function (this: RTCPeerConnection, ...args: unknown[]) {
      const result = (original as (...a: unknown[]) => Promise<void>).apply(this, args);
      void result.then(() => {
        if (this.localDescription)
          descriptions.push({ type: this.localDescription.type, sdp: this.localDescription.sdp });
      });
      return result;
    } as typeof original;
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        connections.push(this);
      }
    };
  });
}

/** Video frames decoded so far by the newest connection the page made (getStats). */
export function framesDecodedByNewest(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const connection = (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections.at(-1);
    const report = await connection?.getStats();
    let frames = 0;
    report?.forEach((entry: Record<string, unknown>) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') frames += Number(entry.framesDecoded ?? 0);
    });
    return frames;
  });
}

/** The page's offers so far, oldest first. */
export function offersMade(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { localDescriptions: { type: string; sdp: string }[] }).localDescriptions
      .filter((description) => description.type === 'offer')
      .map((description) => description.sdp),
  );
}

/** An offer that sends no video: its video section only receives, with no track behind it. */
export function expectOfferWithoutVideo(offer: string): void {
  const videoSection = offer.split(/\r\nm=/).find((section) => section.startsWith('video'))!;
  expect(videoSection).toContain('a=recvonly');
  expect(videoSection).not.toMatch(/a=msid:/);
}
