/** What getStats says about the call each second, and the one word a person reads from it. */
export interface CallStats {
  /** The selected candidate pair's round trip. */
  roundTripMs: number | null;
  /** Share of the incoming packets lost over the last interval, in percent. */
  lossPercent: number | null;
  /** Frames decoded per second of the other side's video (null while it sends none). */
  fps: number | null;
  /** Frames of the other side's video decoded so far. */
  framesDecoded: number;
}

export type CallQuality = 'good' | 'fair' | 'poor';

/**
 * Thresholds after the usual rules of thumb for interactive video: under 150 ms round trip and 1 %
 * loss feels live; past 400 ms or 5 % people talk over each other and the picture freezes.
 */
export function callQuality(stats: CallStats): CallQuality {
  const rtt = stats.roundTripMs ?? 0;
  const loss = stats.lossPercent ?? 0;
  const fps = stats.fps;
  if (rtt > 400 || loss > 5 || (fps !== null && fps < 8)) return 'poor';
  if (rtt > 150 || loss > 1 || (fps !== null && fps < 18)) return 'fair';
  return 'good';
}

/** Reads one report: the counters to keep for the next interval, and the stats of this one. */
export function readStats(
  report: RTCStatsReport,
  previous: { packetsReceived: number; packetsLost: number } | null,
): { stats: CallStats; counters: { packetsReceived: number; packetsLost: number } } {
  let roundTripMs: number | null = null;
  let fps: number | null = null;
  let framesDecoded = 0;
  let packetsReceived = 0;
  let packetsLost = 0;
  report.forEach((entry: Record<string, unknown>) => {
    if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') {
      if (typeof entry.currentRoundTripTime === 'number') roundTripMs = Math.round(entry.currentRoundTripTime * 1000);
    }
    if (entry.type === 'inbound-rtp') {
      packetsReceived += Number(entry.packetsReceived ?? 0);
      packetsLost += Math.max(0, Number(entry.packetsLost ?? 0));
      if (entry.kind === 'video') {
        framesDecoded += Number(entry.framesDecoded ?? 0);
        if (typeof entry.framesPerSecond === 'number') fps = entry.framesPerSecond;
      }
    }
  });
  let lossPercent: number | null = null;
  if (previous) {
    const received = packetsReceived - previous.packetsReceived;
    const lost = packetsLost - previous.packetsLost;
    if (received + lost > 0) lossPercent = Math.round((lost / (received + lost)) * 1000) / 10;
  }
  return { stats: { roundTripMs, lossPercent, fps, framesDecoded }, counters: { packetsReceived, packetsLost } };
}
