import { afterEach, describe, expect, it } from 'vitest';
import type { ScreenChooser } from '../../../../../src-main/core/input/screenChooser';
import type { ScreenSource } from '../../../../../src-shared/domain/session';
import { TandemError } from '../../../../../src-shared/errors';
import { startDevices, type TestDevice } from '../../../../support/corePair';

type Pair = Awaited<ReturnType<typeof startDevices>>;

const MONITORS: ScreenSource[] = [
  { id: 'screen:1:0', name: 'Built-in display', primary: true, width: 1920, height: 1080 },
  { id: 'screen:2:0', name: 'DELL U2720Q', primary: false, width: 2560, height: 1440 },
];

/** The end user's monitors as Electron's chooser would report them; `unplug` takes one away. */
function monitors(): ScreenChooser & { chosen: string[]; unplug(id: string): void } {
  let connected = [...MONITORS];
  let shared: string | null = MONITORS[0]!.id;
  const chosen: string[] = [];
  return {
    chosen,
    unplug: (id) => void (connected = connected.filter((monitor) => monitor.id !== id)),
    list: () => Promise.resolve(connected),
    async choose(id) {
      if (!connected.some((monitor) => monitor.id === id)) throw new TandemError('screen_unknown', 'not connected');
      chosen.push(id);
      shared = id;
    },
    current: () => shared,
    bounds: () => {
      const index = MONITORS.findIndex((monitor) => monitor.id === shared);
      return { x: index * 1920, y: 0, width: MONITORS[index]!.width, height: MONITORS[index]!.height };
    },
  };
}

describe('switching the end user’s monitor during a session (two real cores, the real hub)', () => {
  let pair: Pair;
  afterEach(async () => pair?.close());

  /** A running session whose picture is up on the end user's side, and the monitors the supporter was told. */
  async function running(screens = monitors()) {
    pair = await startDevices(2, { screens });
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const { deviceId, oneTimePassword } = await host.call('device.identity', {});
    const prompted = host.session((view) => view.state === 'prompting');
    const { requestId } = await supporter.call('session.connect', {
      partnerId: deviceId,
      password: oneTimePassword,
      access: 'full',
    });
    const connecting = supporter.session((view) => view.requestId === requestId && view.state === 'connecting');
    await host.call('session.answerPrompt', { requestId: (await prompted).requestId, accept: true });
    await connecting;
    await supporter.call('session.mediaConnected', { requestId });
    const told = supporter.session((view) => view.requestId === requestId && view.screens.sources.length > 0);
    await host.call('session.mediaConnected', { requestId });
    return { supporter, host, screens, requestId, told: await told };
  }

  /** Sends what a modified supporter app could send, past its own core's checks. */
  function rawAsk(supporter: TestDevice, requestId: string, payload: unknown) {
    supporter.booted.core.signaling.send({ type: 'relay', requestId, payload: payload as never });
  }

  it('tells the supporter the monitors (name, main screen, size) and switches the shared one on request', async () => {
    const { supporter, host, screens, requestId, told } = await running();
    expect(told.screens).toEqual({ sources: MONITORS, current: 'screen:1:0', refused: null });

    const hostFollows = host.session((view) => view.screens.current === 'screen:2:0');
    const supporterFollows = supporter.session((view) => view.screens.current === 'screen:2:0');
    const asked = await supporter.call('session.switchScreen', { requestId, id: 'screen:2:0' });
    expect(asked.state).toBe('active');
    expect((await hostFollows).state).toBe('active');
    await supporterFollows;
    // The chooser moved: remote pointer fractions land on the second monitor's bounds from now on.
    expect(screens.chosen).toEqual(['screen:2:0']);

    // The session goes on: control still reaches the end user's computer.
    const move = { type: 'pointer-move', x: 0.5, y: 0.5 } as const;
    expect(await host.call('session.input', { requestId, event: move })).toEqual({ injected: true, reason: null });
  });

  it('refuses a monitor the end user does not share, and changes nothing', async () => {
    const { supporter, host, screens, requestId } = await running();
    await expect(supporter.call('session.switchScreen', { requestId, id: 'screen:99:0' })).rejects.toMatchObject({
      code: 'screen_unknown',
    });

    // A modified supporter app asks anyway: the end user's core refuses and says why.
    const refused = supporter.session((view) => view.screens.refused !== null);
    rawAsk(supporter, requestId, { kind: 'screen-switch', id: 'screen:99:0' });
    expect((await refused).screens).toMatchObject({ refused: 'screen_unknown', current: 'screen:1:0' });
    expect(screens.chosen).toEqual([]);
    await expect(host.call('session.list', {}).then((views) => views[0]!.screens.current)).resolves.toBe('screen:1:0');
    expect(host.logs().some((line) => line.includes('screen switch refused'))).toBe(true);

    // A later, valid ask clears the refusal.
    const cleared = supporter.session((view) => view.screens.current === 'screen:2:0');
    await supporter.call('session.switchScreen', { requestId, id: 'screen:2:0' });
    expect((await cleared).screens.refused).toBeNull();
  });

  it('refuses a malformed ask before it reaches the session, and a supporter announcing monitors of its own', async () => {
    const { supporter, host, screens, requestId } = await running();
    const refusedAtHost = () => host.logs().filter((line) => line.includes('malformed')).length;
    const before = refusedAtHost();
    for (const payload of [
      { kind: 'screen-switch', id: '' },
      { kind: 'screen-switch', id: 'x'.repeat(201) },
      { kind: 'screen-switch', id: 42 },
    ]) {
      rawAsk(supporter, requestId, payload);
    }
    // Well-formed, but only the end user's computer says which monitors it has.
    const own = { id: 'screen:7:0', name: 'Not yours', primary: false, width: 800, height: 600 };
    rawAsk(supporter, requestId, { kind: 'screens', sources: [own], current: own.id });
    // A valid ask sent after them is handled after them (the hub keeps the order).
    const switched = host.session((view) => view.screens.current === 'screen:2:0');
    rawAsk(supporter, requestId, { kind: 'screen-switch', id: 'screen:2:0' });
    await switched;
    expect(refusedAtHost() - before).toBe(3);
    expect(host.logs().some((line) => line.includes('screen message refused'))).toBe(true);
    expect(screens.chosen).toEqual(['screen:2:0']);
    const [view] = await host.call('session.list', {});
    expect(view!.screens.sources).toEqual(MONITORS);
  });

  it('refuses a view-only supporter — by their own choice or because the end user revoked control', async () => {
    const { supporter, host, screens, requestId } = await running();
    const viewOnly = host.session((view) => view.supporterChoice === 'view');
    await supporter.call('session.setAccess', { requestId, access: 'view' });
    await viewOnly;
    await expect(supporter.call('session.switchScreen', { requestId, id: 'screen:2:0' })).rejects.toMatchObject({
      code: 'screen_needs_control',
    });
    let refused = supporter.session((view) => view.screens.refused === 'screen_needs_control');
    rawAsk(supporter, requestId, { kind: 'screen-switch', id: 'screen:2:0' });
    await refused;

    const full = host.session((view) => view.access === 'full');
    await supporter.call('session.setAccess', { requestId, access: 'full' });
    await full;
    const revoked = supporter.session((view) => view.hostGrant === 'view');
    await host.call('session.setAccess', { requestId, access: 'view' });
    await revoked;
    refused = supporter.session((view) => view.screens.refused === 'screen_needs_control');
    rawAsk(supporter, requestId, { kind: 'screen-switch', id: 'screen:2:0' });
    await refused;
    expect(screens.chosen).toEqual([]);

    // The end user may still show another of their own screens; the supporter's picture follows.
    const follows = supporter.session((view) => view.screens.current === 'screen:2:0');
    await host.call('session.switchScreen', { requestId, id: 'screen:2:0' });
    await follows;
    expect(screens.chosen).toEqual(['screen:2:0']);
  });

  it('ignores an ask that arrives after the session ended', async () => {
    const { supporter, host, screens, requestId } = await running();
    const ended = host.session((view) => view.requestId === requestId && view.state === 'ended');
    await supporter.call('session.end', { requestId });
    await ended;
    await expect(supporter.call('session.switchScreen', { requestId, id: 'screen:2:0' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    // The hub no longer relays for an ended request; a late delivery is handled as the hub would pass it on.
    host.booted.core.signaling.emit('message', {
      type: 'relay',
      requestId,
      payload: { kind: 'screen-switch', id: 'screen:2:0' },
    });
    expect(host.logs().some((line) => line.includes('screen switch refused: no running host session'))).toBe(true);
    expect(screens.chosen).toEqual([]);
    const [view] = await host.call('session.list', {});
    expect(view!.screens.current).toBe('screen:1:0');
  });

  it('a monitor unplugged meanwhile is refused, and the supporter gets the list as it is now', async () => {
    const { supporter, screens, requestId } = await running();
    screens.unplug('screen:2:0');
    const refreshed = supporter.session((view) => view.screens.sources.length === 1);
    const refused = supporter.session((view) => view.screens.refused === 'screen_unknown');
    await supporter.call('session.switchScreen', { requestId, id: 'screen:2:0' });
    await refused;
    expect((await refreshed).screens).toEqual({ sources: [MONITORS[0]], current: 'screen:1:0', refused: null });
    expect(screens.chosen).toEqual([]);
  });
});
