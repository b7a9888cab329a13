import type { Page } from '@playwright/test';
import { summarize } from '../support/figures';

/*
 * Where an input event's time goes, hop by hop, for Tandem and its floor alike: both paths pass
 * the same six hops, so each can be set against the floor's. Every stamp is on the epoch clock
 * `performance.timeOrigin + performance.now()` (see index.ts's Clocks); moves are keyed by their
 * position index, which is unique among the moves of one run.
 *
 *   page_out   the pointer event's dispatch (or the floor's loop) to the send on the `input` channel
 *   channel    that send to the message's handler on the host's page (SCTP, both browsers)
 *   host_page  the host's page: decode, validate and hand the move on (its WebSocket send)
 *   to_process that WebSocket send to its message in the process that injects (`ws` emits it)
 *   process    there: parse, validate and check, up to the injector's call (Tandem: the bridge's
 *              frame and the core's contract, session and seq checks; the floor: the index)
 *   xtest      the injection itself (an XTest request and its round trip to the X server)
 */

/**
 * Runs in every page before its own scripts: stamps every send on an `input` data channel, every
 * message that arrives on one (in a listener that runs before the page's own), and every
 * WebSocket send that hands a move on (Tandem's bridge call `session.input`, the floor's
 * `input:N`). Only the raw data is kept; it is read after the run, off the measured path.
 */
export const INPUT_HOPS_INSTRUMENT = `(() => {
  const hops = (window.__inputHops = { channelSent: [], arrived: [], forwarded: [] });
  const at = () => performance.timeOrigin + performance.now();
  const watch = (channel) => {
    if (channel.label === 'input')
      channel.addEventListener('message', (event) => hops.arrived.push([at(), event.data]));
  };
  const Base = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('datachannel', (event) => watch(event.channel));
    }
    createDataChannel(...args) {
      const channel = super.createDataChannel(...args);
      watch(channel);
      return channel;
    }
  };
  const channelSend = RTCDataChannel.prototype.send;
  RTCDataChannel.prototype.send = function (data) {
    if (this.label === 'input') hops.channelSent.push([at(), data]);
    return channelSend.call(this, data);
  };
  const socketSend = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const sentAt = at();
    const result = socketSend.call(this, data);
    if (typeof data === 'string' && (data.startsWith('input:') || data.includes('"channel":"session.input"')))
      hops.forwarded.push([sentAt, data]);
    return result;
  };
})()`;

type Stamps = [number, string][];
interface PageHops {
  channelSent: Stamps;
  arrived: Stamps;
  forwarded: Stamps;
}

/** One side's stamps in the injecting process, keyed by position index (epoch ms). */
export interface InputSide {
  /** The move's WebSocket message reached the process (Tandem's bridge, the floor's relay). */
  received: Map<number, number>;
  /** The injector was called with it. */
  injecting: Map<number, number>;
  injected: Map<number, number>;
}

export const newInputSide = (): InputSide => ({ received: new Map(), injecting: new Map(), injected: new Map() });

/** TANDEM_BENCH_INPUT_SLOWEST=N prints each side's N slowest moves hop by hop to stderr. */
const SLOWEST = Number(process.env.TANDEM_BENCH_INPUT_SLOWEST ?? 0);

export const HOPS = ['page_out', 'channel', 'host_page', 'to_process', 'process', 'xtest'] as const;
type Quantiles = { p50: number; p95: number; p99: number };

export const clearHops = (...pages: Page[]) =>
  Promise.all(
    pages.map((page) => page.evaluate('for (const list of Object.values(window.__inputHops)) list.length = 0')),
  );

const readHops = (page: Page) => page.evaluate('window.__inputHops') as Promise<PageHops>;

/** A move's position index from what was stamped: an input frame, a bridge call or the floor's `input:N`. */
function indexOf(data: string): number {
  if (data.startsWith('input:')) return Number(data.slice(6));
  const json = JSON.parse(data) as { event?: { x: number }; payload?: { event: { x: number } } };
  const x = (json.event ?? json.payload!.event).x;
  return Math.round(x * 1000 - 0.5);
}

const byIndex = (stamps: Stamps) => new Map(stamps.map(([at, data]) => [indexOf(data), at]));

/** Each hop's p50, p95 and p99 over the moves that passed it (ms). */
export async function hopSteps(
  label: string,
  sent: [number, number][],
  supporterPage: Page,
  hostPage: Page,
  side: InputSide,
): Promise<Record<(typeof HOPS)[number], Quantiles>> {
  const supporter = await readHops(supporterPage);
  const host = await readHops(hostPage);
  const marks = [
    byIndex(supporter.channelSent),
    byIndex(host.arrived),
    byIndex(host.forwarded),
    side.received,
    side.injecting,
    side.injected,
  ];
  const times = HOPS.map(() => [] as number[]);
  const slowest: [number, number[]][] = [];
  for (const [index, at] of sent) {
    const stamps = [at, ...marks.map((mark) => mark.get(index))];
    for (let hop = 0; hop < HOPS.length; hop++) {
      const from = stamps[hop];
      const to = stamps[hop + 1];
      if (from !== undefined && to !== undefined) times[hop]!.push(to - from);
    }
    const round = (value: number | undefined) => Math.round((value ?? NaN) * 100) / 100;
    slowest.push([round(stamps.at(-1)! - at), stamps.slice(1).map((stamp, i) => round(stamp! - stamps[i]!))]);
  }
  if (SLOWEST > 0) {
    slowest.sort((a, b) => b[0] - a[0]);
    process.stderr.write(
      `${label}: slowest moves [ms, [${HOPS.join(', ')}]]: ${JSON.stringify(slowest.slice(0, SLOWEST))}\n`,
    );
  }
  return Object.fromEntries(
    HOPS.map((hop, i) => {
      const { p50, p95, p99 } = times[i]!.length ? summarize(times[i]!) : { p50: NaN, p95: NaN, p99: NaN };
      return [hop, { p50, p95, p99 }];
    }),
  ) as Record<(typeof HOPS)[number], Quantiles>;
}
