import { describe, expect, it } from 'vitest';
import { HeldInput } from '../../../../../src-main/core/input/heldInput';
import type { InputEvent } from '../../../../../src-shared/session/inputEvents';
import { recordingInjector } from '../../../../support/corePair';

const NONE = { shift: false, ctrl: false, alt: false, meta: false };
const key = (code: string, down: boolean, modifiers = NONE): InputEvent => ({ type: 'key', code, down, modifiers });
const move = (x: number): InputEvent => ({ type: 'pointer-move', x, y: 0.5 });

/** What the host lets go of, and which frames it drops by seq (the X server's side: tests/platform/linux). */
describe('HeldInput', () => {
  it('lets go of buttons, then keys, then modifiers — including those pressed only by modifier flags', () => {
    const injector = recordingInjector();
    const held = new HeldInput(injector);
    held.apply(key('AltLeft', true), 1);
    held.apply(key('KeyC', true, { ...NONE, ctrl: true, alt: true }), 2);
    held.apply({ type: 'pointer-button', x: 0.2, y: 0.3, button: 'right', down: true }, 3);
    held.apply(move(0.4), 4);
    held.apply({ type: 'text', text: 'x' }, 5);
    injector.events.length = 0;

    held.releaseAll();
    expect(injector.events).toEqual([
      { type: 'pointer-button', x: 0.4, y: 0.5, button: 'right', down: false },
      key('KeyC', false),
      key('AltLeft', false),
      key('ControlLeft', false),
    ]);
    // Nothing is held any more: a second release injects nothing.
    injector.events.length = 0;
    held.apply({ type: 'release-all' }, undefined);
    expect(injector.events).toEqual([]);
  });

  it('a key let go is not let go again; a modifier flag turned off counts as let go', () => {
    const injector = recordingInjector();
    const held = new HeldInput(injector);
    held.apply(key('ArrowUp', true, { ...NONE, shift: true }), 1);
    held.apply(key('ArrowUp', false, NONE), 2);
    expect(held.held).toEqual({ keys: [], buttons: [] });
  });

  it('drops duplicate and overtaken transitions, and pointer moves older than anything injected', () => {
    const injector = recordingInjector();
    const held = new HeldInput(injector);
    expect(held.apply(key('KeyA', true), 10)).toBe(true);
    expect(held.apply(key('KeyA', true), 10)).toBe(false);
    expect(held.apply(move(0.1), 12)).toBe(true);
    // A transition sent before that move but delivered after it still counts (it travels reliably).
    expect(held.apply(key('KeyA', false), 11)).toBe(true);
    expect(held.apply(key('KeyA', true), 9)).toBe(false);
    expect(held.apply(move(0.9), 11)).toBe(false);
    expect(held.apply(move(0.2), 13)).toBe(true);
    expect(injector.events).toEqual([key('KeyA', true), move(0.1), key('KeyA', false), move(0.2)]);
    expect(held.held).toEqual({ keys: [], buttons: [] });
  });

  it('frames without seq (the host’s own) are injected as they come', () => {
    const injector = recordingInjector();
    const held = new HeldInput(injector);
    expect(held.apply(move(0.3), undefined)).toBe(true);
    expect(held.apply(move(0.3), undefined)).toBe(true);
    expect(injector.events).toHaveLength(2);
  });
});
