import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputInjector } from '../../../src-main/core/input/inputInjector';
import { createRobotInjector } from '../../../src-main/core/input/robotInjector';
import { startXvfb, type VirtualDisplay } from '../../e2e/support/xvfb';

/** The keysym each keycode of the X server's mapping gives at its first level (Xlib through Python's ctypes). */
function mappedKeysyms(display: string): number[] {
  const script = `
import ctypes, json
x = ctypes.cdll.LoadLibrary('libX11.so.6')
x.XOpenDisplay.restype = ctypes.c_void_p
x.XKeycodeToKeysym.restype = ctypes.c_ulong
x.XKeycodeToKeysym.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int]
d = x.XOpenDisplay(None)
print(json.dumps([x.XKeycodeToKeysym(d, code, 0) for code in range(8, 256)]))
`;
  return JSON.parse(execFileSync('python3', ['-c', script], { env: { ...process.env, DISPLAY: display } }).toString());
}

/** X's keysym for a character: Latin-1 as it is, everything else 0x01000000 + its code point. */
const keysymOf = (char: string) => {
  const cp = char.codePointAt(0)!;
  return cp >= 0xa0 && cp <= 0xff ? cp : 0x01000000 + cp;
};

/** Text the US layout cannot type with its own keys goes through spare keycodes (native/src/unicode_x11.cc). */
describe('Unicode text typed into a real X server', () => {
  let display: VirtualDisplay;
  let injector: InputInjector;

  beforeAll(async () => {
    display = await startXvfb(800, 600);
    display.stopAfterExit();
    process.env.DISPLAY = display.display;
    injector = createRobotInjector();
    expect(injector.unavailableReason).toBeNull();
  });
  afterAll(() => {
    delete process.env.DISPLAY;
  });

  it('keeps every character of a text mapped after typing it, so an application reading its keys late still finds each one', () => {
    const text = 'äöüß€✓😀';
    injector.inject({ type: 'text', text });
    const mapped = new Set(mappedKeysyms(display.display));
    expect([...text].filter((char) => !mapped.has(keysymOf(char)))).toEqual([]);
  });

  it('goes on typing text after text: the keycodes it maps are taken again, not used up', () => {
    // Each text used to leave one keycode taken; the X server's empty ones ran out after about 20.
    for (let i = 0; i < 60; i++) injector.inject({ type: 'text', text: String.fromCodePoint(0x2700 + i) });
    const mapped = new Set(mappedKeysyms(display.display));
    expect(mapped.has(keysymOf(String.fromCodePoint(0x2700 + 59)))).toBe(true);
  });
});
