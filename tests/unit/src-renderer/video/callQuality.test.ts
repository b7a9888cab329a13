import { describe, expect, it } from 'vitest';
import { callQuality, readStats } from '../../../../src-renderer/video/call/callQuality';

/** getStats entries as Chromium reports them, keyed by ID (RTCStatsReport is a read-only Map). */
const report = (entries: Record<string, unknown>[]) =>
  new Map(entries.map((entry, i) => [String(i), entry])) as unknown as RTCStatsReport;

describe('the call’s connection quality', () => {
  it('reads the round trip of the selected pair, the loss over the last interval and the decoded video', () => {
    const pair = { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.042 };
    const first = readStats(
      report([
        pair,
        {
          type: 'inbound-rtp',
          kind: 'video',
          packetsReceived: 1000,
          packetsLost: 0,
          framesDecoded: 300,
          framesPerSecond: 30,
        },
      ]),
      null,
    );
    expect(first.stats).toEqual({ roundTripMs: 42, lossPercent: null, fps: 30, framesDecoded: 300 });
    const second = readStats(
      report([
        pair,
        {
          type: 'inbound-rtp',
          kind: 'video',
          packetsReceived: 1180,
          packetsLost: 20,
          framesDecoded: 330,
          framesPerSecond: 29,
        },
        { type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, packetsLost: 0 },
      ]),
      first.counters,
    );
    // 20 lost of 250 sent in the interval (230 received, audio included).
    expect(second.stats.lossPercent).toBe(8);
    expect(callQuality(second.stats)).toBe('poor');
  });

  it('says good, fair or poor by round trip, loss and frame rate', () => {
    const base = { roundTripMs: 40, lossPercent: 0, fps: 30, framesDecoded: 100 };
    expect(callQuality(base)).toBe('good');
    expect(callQuality({ ...base, roundTripMs: 200 })).toBe('fair');
    expect(callQuality({ ...base, lossPercent: 2 })).toBe('fair');
    expect(callQuality({ ...base, fps: 12 })).toBe('fair');
    expect(callQuality({ ...base, roundTripMs: 600 })).toBe('poor');
    expect(callQuality({ ...base, fps: 3 })).toBe('poor');
    // The employee's camera off: no frame rate to judge, the network decides.
    expect(callQuality({ ...base, fps: null })).toBe('good');
  });
});
