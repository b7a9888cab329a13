import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HeldInput } from '../../../src-main/core/input/heldInput';
import type { InputInjector } from '../../../src-main/core/input/inputInjector';
import { createRobotInjector } from '../../../src-main/core/input/robotInjector';
import type { InputEvent } from '../../../src-shared/session/inputEvents';
import { startDevices, type TestDevice } from '../../support/corePair';
import { xInputState } from '../../e2e/support/xState';
import { startXvfb, type VirtualDisplay } from '../../e2e/support/xvfb';

const NONE = { shift: false, ctrl: false, alt: false, meta: false };
const key = (code: string, down: boolean, modifiers = NONE): InputEvent => ({ type: 'key', code, down, modifiers });
const button = (down: boolean): InputEvent => ({ type: 'pointer-button', x: 0.5, y: 0.5, button: 'left', down });

/**
 * The host lets go of what remote control holds down, injected by the real injector (robotjs)
 * into a real X server and read back from it (XQueryKeymap, XQueryPointer).
 */
describe('held keys and buttons, under Xvfb', () => {
  let display: VirtualDisplay;
  let injector: InputInjector;
  let pair: Awaited<ReturnType<typeof startDevices>> | undefined;
  const state = () => xInputState(display.display);

  beforeAll(async () => {
    display = await startXvfb(800, 600);
    display.stopAfterExit();
    process.env.DISPLAY = display.display;
    injector = createRobotInjector();
    expect(injector.unavailableReason).toBeNull();
  });
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });
  afterAll(() => {
    delete process.env.DISPLAY;
  });

  it('drops stale and duplicate transitions by seq and releases everything it holds', () => {
    const held = new HeldInput(injector);
    expect(held.apply(key('ShiftLeft', true), 1)).toBe(true);
    expect(held.apply(key('KeyA', true, { ...NONE, ctrl: true, shift: true }), 2)).toBe(true);
    expect(held.apply(button(true), 3)).toBe(true);
    expect(state()).toMatchObject({ keys: expect.arrayContaining(['Shift_L', 'Control_L', 'a']), buttons: [1] });

    // The up arrives; then an overtaken down and a duplicate: neither presses the key again.
    expect(held.apply(key('KeyA', false, { ...NONE, ctrl: true, shift: true }), 5)).toBe(true);
    expect(held.apply(key('KeyA', true, { ...NONE, ctrl: true, shift: true }), 4)).toBe(false);
    expect(held.apply(key('KeyA', false, { ...NONE, ctrl: true, shift: true }), 5)).toBe(false);
    // A pointer move older than what was injected never moves the pointer back.
    expect(held.apply({ type: 'pointer-move', x: 0, y: 0 }, 4)).toBe(false);
    expect(state().keys).not.toContain('a');
    expect(held.held).toEqual({ keys: expect.arrayContaining(['ShiftLeft', 'ControlLeft']), buttons: ['left'] });

    held.releaseAll();
    expect(state()).toMatchObject({ keys: [], buttons: [] });
    expect(held.held).toEqual({ keys: [], buttons: [] });
  });

  async function activeSession(): Promise<{ supporter: TestDevice; host: TestDevice; requestId: string }> {
    pair = await startDevices(2, { injector });
    const [supporter, host] = pair.devices as [TestDevice, TestDevice];
    const { deviceId, oneTimePassword } = await host.call('device.identity', {});
    const prompted = host.session((view) => view.state === 'prompting');
    const { requestId } = await supporter.call('session.connect', {
      partnerId: deviceId,
      password: oneTimePassword,
      access: 'full',
    });
    await prompted;
    const connecting = host.session((view) => view.requestId === requestId && view.state === 'connecting');
    const supporterConnecting = supporter.session(
      (view) => view.requestId === requestId && view.state === 'connecting',
    );
    await host.call('session.answerPrompt', { requestId, accept: true });
    await connecting;
    await supporterConnecting;
    await host.call('session.mediaConnected', { requestId });
    await supporter.call('session.mediaConnected', { requestId });
    return { supporter, host, requestId };
  }

  async function holdSome(host: TestDevice, requestId: string, seq: number): Promise<void> {
    for (const [i, event] of [
      key('ControlLeft', true),
      key('ArrowDown', true, { ...NONE, ctrl: true }),
      button(true),
    ].entries()) {
      expect(await host.call('session.input', { requestId, seq: seq + i, event })).toEqual({
        injected: true,
        reason: null,
      });
    }
    expect(state()).toMatchObject({ keys: expect.arrayContaining(['Control_L', 'Down']), buttons: [1] });
  }

  it('a running session lets go when control is revoked, when the link breaks and when it ends', async () => {
    const { supporter, host, requestId } = await activeSession();

    await holdSome(host, requestId, 0);
    await host.call('session.setAccess', { requestId, access: 'view' });
    expect(state()).toMatchObject({ keys: [], buttons: [] });

    await host.call('session.setAccess', { requestId, access: 'full' });
    await holdSome(host, requestId, 10);
    // The host's window saw its input channel close (or the link go down).
    await host.call('session.input', { requestId, event: { type: 'release-all' } });
    expect(state()).toMatchObject({ keys: [], buttons: [] });

    // The supporter switches to view only: the host hears it through the hub.
    await holdSome(host, requestId, 20);
    const viewOnly = host.session((view) => view.requestId === requestId && view.access === 'view');
    await supporter.call('session.setAccess', { requestId, access: 'view' });
    await viewOnly;
    expect(state()).toMatchObject({ keys: [], buttons: [] });

    const full = host.session((view) => view.requestId === requestId && view.access === 'full');
    await supporter.call('session.setAccess', { requestId, access: 'full' });
    await full;
    await holdSome(host, requestId, 30);
    // The supporter ends the session while holding Ctrl, ↓ and the left button.
    const ended = host.session((view) => view.requestId === requestId && view.state === 'ended');
    await supporter.call('session.end', { requestId });
    await ended;
    expect(state()).toMatchObject({ keys: [], buttons: [] });
  });

  it('the end user ending the session lets go too', async () => {
    const { host, requestId } = await activeSession();
    await holdSome(host, requestId, 0);
    await host.call('session.end', { requestId });
    expect(state()).toMatchObject({ keys: [], buttons: [] });
  });
});
