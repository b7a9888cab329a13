import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../../server/app';
import type { HelpSession } from '../../../../../src-shared/liveview/contract';
import type { LiveViewRows, LiveViewState } from '../../../../../src-shared/liveview/liveViewIpc';
import type { ClientMessage, ServerMessage } from '../../../../../src-shared/signaling/protocol';
import { applyRows } from '../../../../../src-renderer/liveview/liveViewStore';
import { companyParties } from '../../../../support/companyParties';
import { startDevices, type Devices, type TestDevice } from '../../../../support/corePair';
import { startServer } from '../../../../support/testServer';
import { tempDir } from '../../../../support/tempDir';

/**
 * LV-1 on the supporter's computer: the real core subscribes to its company's help sessions on its
 * signaling connection to a real endpoint, and the window's channel (`liveView.state`,
 * `liveView.rows`) receives the snapshot, then each change; the ticket is renewed before it runs
 * out, the subscription comes back after the connection drops, and a lost permission says so.
 */

const HELP = '/api/v1/devices/me/help-session';
const PASSWORD = 'a long password';

const presence = (deviceName: string, status: 'active' | 'idle' = 'active') => ({
  status,
  foregroundApp: 'Excel',
  deviceName,
  os: { name: 'Windows', version: '11' },
  location: 'Berlin',
  tags: [`${deviceName.toLowerCase()}@example.test`],
});
const askFor = (deviceName: string) => ({
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
  presence: presence(deviceName),
});

/** Resolves once `done()` holds, checked whenever `onChange` says something happened. */
function waiter(describe: () => string) {
  const checks = new Set<() => void>();
  return {
    changed: () => {
      for (const check of checks) check();
    },
    until(done: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done()) return;
          checks.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          checks.delete(check);
          reject(new Error(`never ${what}: ${describe()}`));
        }, timeoutMs);
        checks.add(check);
        check();
      });
    },
  };
}

/** What the window would show: the rows after every batch, and every state, as they arrive. */
function windowOf(device: TestDevice) {
  let rows: ReadonlyMap<string, HelpSession> = new Map();
  const states: LiveViewState[] = [];
  const batches: LiveViewRows[] = [];
  const names = () => [...rows.values()].map((row) => row.deviceName).sort();
  const wait = waiter(() => `${states.at(-1)?.state} ${JSON.stringify(names())}`);
  device.booted.core.events.subscribe((name, payload) => {
    if (name === 'liveView.rows') {
      batches.push(payload as LiveViewRows);
      rows = applyRows(rows, payload as LiveViewRows);
    } else if (name === 'liveView.state') states.push(payload as LiveViewState);
    else return;
    wait.changed();
  });
  return {
    get rows() {
      return rows;
    },
    get state() {
      return states.at(-1)?.state;
    },
    states,
    batches,
    names,
    until: wait.until,
  };
}

/** Every message the core sends to and receives from the hub, as it happens (nothing changed). */
function hubTraffic(device: TestDevice) {
  const signaling = device.booted.core.signaling;
  const sent: ClientMessage[] = [];
  const received: ServerMessage[] = [];
  const subscribes = () => sent.filter((message) => message.type === 'liveview-subscribe').length;
  const wait = waiter(() => `${subscribes()} subscribes, received ${received.map((m) => m.type).join()}`);
  const send = signaling.send.bind(signaling);
  signaling.send = (message: ClientMessage) => {
    sent.push(message);
    send(message);
    wait.changed();
  };
  signaling.on('message', (message) => {
    received.push(message);
    wait.changed();
  });
  return { sent, received, subscribes, until: wait.until };
}

describe('LV-1: the supporter’s core keeps the Live View live — real endpoint, real core', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let pair: Devices<RunningServer> | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
    await server.close();
    dir.cleanup();
  });

  /** Acme with its administrator, a supporter on a real core, and devices of Acme that ask for help. */
  async function acme(options: { ticketTtlMs?: number; permissions?: string[] } = {}) {
    dir = tempDir();
    server = await startServer({
      dataDir: dir.path,
      logger: false,
      ...(options.ticketTtlMs ? { liveview: { ticketTtlMs: options.ticketTtlMs } } : {}),
    });
    const parties = companyParties(() => server.url, dir.path);
    const { admin } = await parties.company('Acme', 'ada@acme.test');
    await parties.user(admin, 'sam@acme.test', options.permissions ?? ['liveview.view']);
    pair = await startDevices(1, {}, [server]);
    const supporter = pair.devices[0]!;
    await supporter.call('account.signIn', { email: 'sam@acme.test', password: PASSWORD });
    const endUser = async (name: string) => {
      const device = await parties.device(admin);
      const opened = await device.call('POST', HELP, askFor(name));
      expect(opened.status).toBe(200);
      return { ...device, helpSessionId: opened.body!.id as string };
    };
    /** Takes `liveview.view` from Sam's role, as an administrator does. */
    const revoke = async () => {
      const roles = await parties.call('GET', '/api/v1/admin/roles', undefined, admin);
      const role = (roles.body!.roles as { id: string; name: string }[]).find(
        (each) => each.name === 'Role of sam@acme.test',
      )!;
      const changed = await parties.call(
        'PUT',
        `/api/v1/admin/roles/${role.id}`,
        { name: role.name, permissions: ['insights.view'] },
        admin,
      );
      expect(changed.status).toBe(204);
    };
    return { supporter, endUser, revoke };
  }

  it('the window receives the company’s help sessions, then each one that opens, changes and ends', async () => {
    const { supporter, endUser } = await acme();
    const erika = await endUser('Erika-PC');
    const view = windowOf(supporter);
    expect(await supporter.call('liveView.open', {})).toEqual({ state: 'loading' });
    await view.until(() => view.state === 'live' && view.rows.size === 1, 'Erika’s help session, live');
    expect([...view.rows.values()][0]).toMatchObject({
      id: erika.helpSessionId,
      status: 'active',
      tags: ['erika-pc@example.test'],
    });

    const max = await endUser('Max-PC');
    await view.until(() => view.rows.has(max.helpSessionId), 'Max’s new help session');
    expect((await erika.call('PUT', `${HELP}/presence`, presence('Erika-PC', 'idle'))).status).toBe(200);
    await view.until(() => view.rows.get(erika.helpSessionId)?.status === 'idle', 'Erika idle');
    expect((await erika.call('DELETE', HELP)).status).toBe(204);
    await view.until(() => !view.rows.has(erika.helpSessionId), 'Erika’s help session gone');
    expect(view.names()).toEqual(['Max-PC']);

    // Hidden: the core unsubscribes; a help session opened now reaches no window.
    await supporter.call('liveView.close', {});
    expect(view.state).toBe('closed');
    const batches = view.batches.length;
    await endUser('Late-PC');
    // Shown again: the window is told to start afresh, then gets every row, the late one among them.
    await supporter.call('liveView.open', {});
    await view.until(() => view.rows.size === 2, 'Max and the late help session');
    expect(view.batches[batches]).toMatchObject({ snapshot: true });
    expect(view.names()).toEqual(['Late-PC', 'Max-PC']);
  });

  it('renews its ticket before it runs out: the rows stay (no removal, no resend) and changes keep arriving', async () => {
    const { supporter, endUser } = await acme({ ticketTtlMs: 1500 });
    const traffic = hubTraffic(supporter);
    const erika = await endUser('Erika-PC');
    const view = windowOf(supporter);
    await supporter.call('liveView.open', {});
    await view.until(() => view.state === 'live' && view.rows.size === 1, 'Erika live');
    const afterFirst = view.batches.length;

    // Three renewals, each with a fresh snapshot from the hub.
    await traffic.until(() => traffic.subscribes() >= 4, 'three renewals', 10_000);
    const max = await endUser('Max-PC');
    await view.until(() => view.rows.has(max.helpSessionId), 'a change after the renewals');

    expect(traffic.received.some((message) => message.type === 'liveview-refused')).toBe(false);
    expect(traffic.received.filter((message) => message.type === 'liveview-snapshot').length).toBeGreaterThanOrEqual(4);
    // Erika did not change: no batch after the first told the window anything about her.
    for (const batch of view.batches.slice(afterFirst)) {
      expect(batch.snapshot).toBe(false);
      expect(batch.removes).not.toContain(erika.helpSessionId);
      expect(batch.upserts.map((row) => row.id)).not.toContain(erika.helpSessionId);
    }
    expect(view.states.at(-1)).toEqual({ state: 'live' });
    expect(view.states.filter((state) => state.state !== 'live').map((state) => state.state)).toEqual(['loading']);
  });

  it('after the signaling connection drops: offline since then, the last rows kept; back online, subscribed again with what changed meanwhile', async () => {
    const { supporter, endUser } = await acme();
    const traffic = hubTraffic(supporter);
    const erika = await endUser('Erika-PC');
    const view = windowOf(supporter);
    await supporter.call('liveView.open', {});
    await view.until(() => view.state === 'live' && view.rows.size === 1, 'Erika live');

    const signaling = supporter.booted.core.signaling;
    signaling.stop();
    await view.until(() => view.state === 'offline', 'offline');
    const offline = view.states.at(-1) as Extract<LiveViewState, { state: 'offline' }>;
    expect(Date.parse(offline.since)).toBeLessThanOrEqual(Date.now());
    expect(view.names()).toEqual(['Erika-PC']);

    expect((await erika.call('DELETE', HELP)).status).toBe(204);
    await endUser('Max-PC');
    signaling.start();
    await view.until(() => view.state === 'live', 'live again');
    await view.until(() => view.names().join() === 'Max-PC', 'only Max, who asked while it was offline');
    expect(traffic.subscribes()).toBe(2);

    // A socket that just dies (a network change): the same, without anyone stopping it.
    signaling.reconnectNow();
    await view.until(() => view.state === 'offline', 'offline after the drop');
    await view.until(() => view.state === 'live', 'live after the drop');
    expect(traffic.subscribes()).toBe(3);
    const late = await endUser('Late-PC');
    await view.until(() => view.rows.has(late.helpSessionId), 'a help session opened after the drop');
  });

  it('a supporter who loses liveview.view is told so and keeps no rows, also when opening it again; signed out, it says so', async () => {
    const { supporter, endUser, revoke } = await acme();
    const traffic = hubTraffic(supporter);
    await endUser('Erika-PC');
    const view = windowOf(supporter);
    await supporter.call('liveView.open', {});
    await view.until(() => view.state === 'live' && view.rows.size === 1, 'Erika live');

    await revoke();
    // The next subscription (here after a drop, with the ticket still in hand) is refused by the hub.
    supporter.booted.core.signaling.reconnectNow();
    await view.until(() => view.state === 'not_permitted' && view.rows.size === 0, 'not permitted, no rows');
    expect(traffic.received).toContainEqual({ type: 'liveview-refused', code: 'forbidden' });

    // Opened again, the endpoint gives no ticket.
    await supporter.call('liveView.close', {});
    expect(await supporter.call('liveView.open', {})).toEqual({ state: 'loading' });
    await view.until(() => view.state === 'not_permitted', 'not permitted, asked afresh');

    await supporter.call('liveView.close', {});
    await supporter.call('account.signOut', {});
    expect(await supporter.call('liveView.open', {})).toEqual({ state: 'signed_out' });
    expect(traffic.received.filter((message) => message.type === 'liveview-snapshot')).toHaveLength(1);
  });
});
