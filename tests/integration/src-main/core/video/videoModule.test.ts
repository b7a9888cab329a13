import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../../server/app';
import type { DesktopNotifier } from '../../../../../src-main/core/video/module';
import { startDevices, type Devices, type TestDevice } from '../../../../support/corePair';
import { startServer } from '../../../../support/testServer';
import { tempDir } from '../../../../support/tempDir';
import { videoParties } from '../../../../support/videoParties';

/**
 * VS-2 on the employee's computer: the real core holds the video feed of a real endpoint while a
 * user with a video permission is signed in, passes every frame to the window (`videoFeed.frame`)
 * and turns a request the user is responsible for into a desktop notification at once; it lets go
 * on signing out, opens for nobody without a video permission, and comes back after the endpoint
 * went away; and it carries the window's call sockets, joining with the session it holds.
 */

const PASSWORD = 'a long password';

/** A desktop that keeps every notification it was asked to show. */
function recordingNotifier(): DesktopNotifier & { shown: { title: string; body: string; onClick(): void }[] } {
  const shown: { title: string; body: string; onClick(): void }[] = [];
  return { shown, show: (notice) => void shown.push(notice) };
}

describe('VS-2: the employee’s core holds the video feed — real endpoint, real core', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let pair: Devices<RunningServer> | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
    await server.close();
    dir.cleanup();
  });

  /** Acme taking requests for every device, one device with a code user, and Cora's core (not signed in). */
  async function acme(notifier = recordingNotifier()) {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    const parties = videoParties(() => server.url, dir.path);
    const { admin, manager } = await parties.company('Acme', 'acme.test');
    await parties.employee(admin, 'cora@acme.test', ['video.conduct']);
    await parties.employee(admin, 'ivan@acme.test', ['insights.view']);
    const rules = await parties.call(
      'PUT',
      '/api/v1/video/settings',
      { requests: 'all', requestGroups: [], reviewHours: 72 },
      manager,
    );
    expect(rules.status).toBe(200);
    const device = await parties.device(manager, 'Press 7');
    const codeUser = await parties.codeUser(device.code);
    pair = await startDevices(1, { notifier }, [server]);
    const employee = pair.devices[0]!;
    const request = async (reason: string) => {
      const asked = await parties.call('POST', '/api/v1/video/me/sessions', { reason }, codeUser);
      expect(asked.status).toBe(201);
      return asked.body!.id as string;
    };
    return { employee, notifier, request, device };
  }

  const live = (employee: TestDevice) =>
    employee.booted.core
      .dispatch('videoFeed.status', {})
      .then((result) =>
        result.ok && (result.value as { state: string }).state === 'live'
          ? undefined
          : employee.next('videoFeed.state', (state) => state.state === 'live'),
      );

  it('a code user’s request reaches the window as a frame and the desktop as a notification, at once', async () => {
    const { employee, notifier, request } = await acme();
    expect(await employee.call('videoFeed.status', {})).toEqual({ state: 'signed_out' });
    await employee.call('account.signIn', { email: 'cora@acme.test', password: PASSWORD });
    await live(employee);

    const framed = employee.next('videoFeed.frame', (frame) => frame.type === 'requested');
    const id = await request('The hydraulic press leaks oil');
    const frame = await framed;
    expect(frame).toMatchObject({
      type: 'requested',
      session: { id, status: 'REQUESTED', deviceName: 'Press 7', reason: 'The hydraulic press leaks oil' },
    });
    expect(notifier.shown).toMatchObject([
      { title: 'A video session is requested', body: 'Press 7: The hydraulic press leaks oil' },
    ]);
    // Clicked: the window is told to show that session.
    const shown = employee.next('videoFeed.open');
    notifier.shown[0]!.onClick();
    expect(await shown).toEqual({ sessionId: id });

    // Confirming it elsewhere (here, through the same channel the window uses) is a session frame too.
    const confirmed = employee.next(
      'videoFeed.frame',
      (each) => each.type === 'session' && each.session.id === id && each.session.status === 'CONFIRMED',
    );
    await employee.call('video.sessions.act', { params: { id }, body: { event: 'confirm' } });
    await confirmed;
    expect(notifier.shown).toHaveLength(1);
  });

  it('signing out lets the feed go; signing in as someone without a video permission opens none', async () => {
    const { employee } = await acme();
    await employee.call('account.signIn', { email: 'cora@acme.test', password: PASSWORD });
    await live(employee);
    const signedOut = employee.next('videoFeed.state', (state) => state.state === 'signed_out');
    await employee.call('account.signOut', {});
    await signedOut;

    const notPermitted = employee.next('videoFeed.state', (state) => state.state === 'not_permitted');
    await employee.call('account.signIn', { email: 'ivan@acme.test', password: PASSWORD });
    await notPermitted;
    expect(await employee.call('videoFeed.status', {})).toEqual({ state: 'not_permitted' });
  });

  it('carries a call socket for the window, joining with the session it holds (the window sends no token)', async () => {
    const { employee, request } = await acme();
    await expect(employee.call('videoCall.open', {})).rejects.toMatchObject({ code: 'signed_out' });
    await employee.call('account.signIn', { email: 'cora@acme.test', password: PASSWORD });
    const id = await request('Please look at the valve');
    await employee.call('video.sessions.act', { params: { id }, body: { event: 'confirm' } });

    const opened = employee.next('videoCall.relay', (event) => event.kind === 'open');
    const { relayId } = await employee.call('videoCall.open', {});
    await opened;
    const joined = employee.next('videoCall.relay', (event) => event.relayId === relayId && event.kind === 'frame');
    await employee.call('videoCall.send', {
      relayId,
      message: { type: 'join', token: 'not-a-token', sessionId: id },
    });
    expect(await joined).toMatchObject({ kind: 'frame', frame: { type: 'joined', role: 'employee', peer: null } });

    const closed = employee.next('videoCall.relay', (event) => event.relayId === relayId && event.kind === 'close');
    await employee.call('videoCall.close', { relayId });
    await closed;
    await expect(employee.call('videoCall.send', { relayId, message: { type: 'end' } })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('comes back by itself after the endpoint went away, and the next request still notifies', async () => {
    const { employee, notifier, request } = await acme();
    await employee.call('account.signIn', { email: 'cora@acme.test', password: PASSWORD });
    await live(employee);

    const offline = employee.next('videoFeed.state', (state) => state.state === 'offline');
    const port = Number(new URL(server.url).port);
    await server.close();
    await offline;
    const back = employee.next('videoFeed.state', (state) => state.state === 'live', 45_000);
    server = await startServer({ dataDir: dir.path, logger: false, port });
    await back;

    const framed = employee.next('videoFeed.frame', (frame) => frame.type === 'requested');
    await request('After the restart');
    await framed;
    expect(notifier.shown.map((notice) => notice.body)).toEqual(['Press 7: After the restart']);
  }, 60_000);
});
