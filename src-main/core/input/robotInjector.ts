import type * as RobotModule from '@jitsi/robotjs';
import { createRequire } from 'node:module';
import type { InputEvent, Modifiers } from '../../../src-shared/session/inputEvents';
import type { InputInjector } from './inputInjector';
import { MODIFIER_CODES, robotKeyFor } from './keyMap';

type Robot = typeof RobotModule;
interface NativeText {
  typeUnicode(text: string): void;
}

export interface DisplayBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MODIFIER_KEYS: Record<keyof Modifiers, string> = { shift: 'shift', ctrl: 'control', alt: 'alt', meta: 'command' };
/**
 * robotjs names X keysyms the usual keymaps leave without a keycode (its "capslock" is Shift_Lock):
 * XTest then answers BadValue and Xlib's default handler ends the whole process. Refused instead.
 */
const NO_KEYCODE_ON_X = new Set(['capslock']);
const loadModule = createRequire(__filename);

/**
 * Injection through @jitsi/robotjs (pointer, buttons, wheel, keys) and Tandem's own addon in
 * native/ (Unicode text, which robotjs's typeString cannot do). Loaded lazily: where there is
 * no display or no addon, the injector says why instead of crashing main.
 */
export function createRobotInjector(options: { displayBounds?: () => DisplayBounds | null } = {}): InputInjector {
  // robotjs aborts the whole process when it cannot open an X display: check first.
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    return { unavailableReason: 'remote control needs an X11 display (DISPLAY is not set)', inject: () => undefined };
  }
  let robot: Robot;
  try {
    robot = loadModule('@jitsi/robotjs') as Robot;
    robot.setMouseDelay(0);
    robot.setKeyboardDelay(0);
    robot.getScreenSize();
  } catch (error) {
    return {
      unavailableReason: `remote control is not available here: ${(error as Error).message}`,
      inject: () => undefined,
    };
  }
  let native: NativeText | null = null;
  let nativeError = '';
  try {
    native = loadModule('@tandem/native') as NativeText;
  } catch (error) {
    nativeError = (error as Error).message;
  }

  const bounds = () => options.displayBounds?.() ?? { x: 0, y: 0, ...robot.getScreenSize() };
  const held: Modifiers = { shift: false, ctrl: false, alt: false, meta: false };
  const toPixels = (x: number, y: number) => {
    const display = bounds();
    return {
      x: Math.round(display.x + x * (display.width - 1)),
      y: Math.round(display.y + y * (display.height - 1)),
    };
  };
  /** Brings held modifiers in line with what the supporter holds (a key-up may have been lost). */
  const syncModifiers = (wanted: Modifiers) => {
    for (const name of Object.keys(MODIFIER_KEYS) as (keyof Modifiers)[]) {
      if (held[name] !== wanted[name]) {
        robot.keyToggle(MODIFIER_KEYS[name], wanted[name] ? 'down' : 'up');
        held[name] = wanted[name];
      }
    }
  };

  return {
    unavailableReason: null,
    inject(event: InputEvent) {
      switch (event.type) {
        case 'pointer-move': {
          const { x, y } = toPixels(event.x, event.y);
          robot.moveMouse(x, y);
          return;
        }
        case 'pointer-button': {
          const { x, y } = toPixels(event.x, event.y);
          robot.moveMouse(x, y);
          robot.mouseToggle(event.down ? 'down' : 'up', event.button);
          return;
        }
        case 'wheel':
          // DOM deltas grow downwards/rightwards; robotjs scrolls up for positive y.
          robot.scrollMouse(event.dx, -event.dy);
          return;
        case 'key': {
          const key = robotKeyFor(event.code);
          if (!key || (process.platform === 'linux' && NO_KEYCODE_ON_X.has(key))) {
            throw new Error(`no key for code ${event.code}`);
          }
          if (MODIFIER_CODES.has(event.code)) {
            const name = (Object.keys(MODIFIER_KEYS) as (keyof Modifiers)[]).find((m) =>
              key.endsWith(MODIFIER_KEYS[m]),
            );
            robot.keyToggle(key, event.down ? 'down' : 'up');
            if (name) held[name] = event.down;
            return;
          }
          syncModifiers(event.modifiers);
          robot.keyToggle(key, event.down ? 'down' : 'up');
          return;
        }
        case 'text':
          if (!native) throw new Error(`Unicode text input is unavailable: ${nativeError}`);
          native.typeUnicode(event.text);
          return;
        case 'release-all':
          // What is held is known one level up (HeldInput), which releases key by key.
          return;
      }
    },
  };
}
