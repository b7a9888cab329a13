import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HelpSession } from '../../../../src-shared/liveview/contract';
import { SIGNAL_MAX_FRAME_BYTES, type ServerMessage } from '../../../../src-shared/signaling/protocol';
import { COALESCE_MS, LiveViewFeed } from '../../../../server/liveview/liveViewFeed';
import { SubscriptionTickets } from '../../../../server/liveview/subscriptionTicket';
import { memoryState } from '../../../../server/shared/sharedState';

/** The feed's own rules, on the clock of the test: bursts coalesce, and a big company's snapshot comes in frames. */

const session = (id: string, status: 'active' | 'idle' = 'active', tags: string[] = []): HelpSession => ({
  id,
  code: '123456789',
  status,
  foregroundApp: null,
  deviceName: `pc-${id}`,
  os: { name: 'Windows', version: '11' },
  location: null,
  tags,
  yourName: null,
  openedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-01T01:00:00.000Z',
  lastSeenAt: '2026-01-01T00:00:00.000Z',
});

describe('the Live View feed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function subscribedTo(helpSessions: HelpSession[]) {
    const tickets = new SubscriptionTickets(Buffer.alloc(32, 7));
    const feed = new LiveViewFeed({
      tickets,
      accounts: {
        byId: async (id) => ({
          id,
          companyId: 'acme',
          email: 'sam@acme.test',
          name: 'Sam',
          passwordHash: '',
          totpSecret: null,
          roleId: 'r',
          logSessions: false,
          disabled: false,
          permissions: ['liveview.view'],
        }),
      },
      snapshot: async () => helpSessions,
      limiter: memoryState().limiter('subscribe', { points: 100, duration: 60 }),
      now: Date.now,
    });
    const sent: ServerMessage[] = [];
    const socket = { id: 's1', deviceId: '100000001', send: (m: ServerMessage) => sent.push(m), isClosed: () => false };
    const { ticket } = tickets.issue({ deviceId: '100000001', userId: 'u1', companyId: 'acme' });
    await feed.handle(socket, { type: 'liveview-subscribe', ticket });
    return { feed, sent };
  }

  it('a burst of changes to one help session reaches a subscriber at most once a window, ending with the latest', async () => {
    const { feed, sent } = await subscribedTo([]);
    sent.length = 0;
    for (let i = 0; i < 100; i++) {
      feed.deliver('acme', { kind: 'upsert', helpSession: session('h1', i % 2 ? 'idle' : 'active', [`n${i}`]) });
    }
    // The first goes at once; the other 99 wait for the window and only the latest of them is sent.
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(sent).toEqual([
      { type: 'liveview-upsert', helpSession: session('h1', 'active', ['n0']) },
      { type: 'liveview-upsert', helpSession: session('h1', 'idle', ['n99']) },
    ]);
    // Another company's change never reaches this subscriber.
    feed.deliver('globex', { kind: 'remove', id: 'g1', reason: 'ended' });
    vi.advanceTimersByTime(COALESCE_MS);
    expect(sent).toHaveLength(2);
  });

  it('a company with 10,000 help sessions gets its snapshot in frames below the frame limit, the last marked done', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => session(`h${i}`, 'active', ['someone@acme.test', 'Acme']));
    const { sent } = await subscribedTo(many);
    const frames = sent.filter((m) => m.type === 'liveview-snapshot');
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.flatMap((f) => f.helpSessions).map((h) => h.id)).toEqual(many.map((h) => h.id));
    expect(frames.map((f) => f.done)).toEqual([...Array(frames.length - 1).fill(false), true]);
    for (const frame of frames) expect(Buffer.byteLength(JSON.stringify(frame))).toBeLessThan(SIGNAL_MAX_FRAME_BYTES);
  });
});
