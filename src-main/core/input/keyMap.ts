/**
 * `KeyboardEvent.code` (physical keys, layout-independent) to robotjs key names. Letters and
 * digits map to their character on a US layout, which is what robotjs's keycodes mean.
 */
const NAMED: Record<string, string> = {
  Enter: 'enter',
  NumpadEnter: 'enter',
  Escape: 'escape',
  Backspace: 'backspace',
  Tab: 'tab',
  Space: 'space',
  Delete: 'delete',
  Insert: 'insert',
  Home: 'home',
  End: 'end',
  PageUp: 'pageup',
  PageDown: 'pagedown',
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  CapsLock: 'capslock',
  PrintScreen: 'printscreen',
  ShiftLeft: 'shift',
  ShiftRight: 'right_shift',
  ControlLeft: 'control',
  ControlRight: 'right_control',
  AltLeft: 'alt',
  AltRight: 'right_alt',
  MetaLeft: 'command',
  MetaRight: 'command',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Backquote: '`',
  Comma: ',',
  Period: '.',
  Slash: '/',
  NumpadAdd: 'numpad_+',
  NumpadSubtract: 'numpad_-',
  NumpadMultiply: 'numpad_*',
  NumpadDivide: 'numpad_/',
  NumpadDecimal: 'numpad_.',
  AudioVolumeMute: 'audio_mute',
  AudioVolumeDown: 'audio_vol_down',
  AudioVolumeUp: 'audio_vol_up',
};

export function robotKeyFor(code: string): string | null {
  if (NAMED[code]) return NAMED[code];
  let match = /^Key([A-Z])$/.exec(code);
  if (match) return match[1]!.toLowerCase();
  match = /^Digit([0-9])$/.exec(code);
  if (match) return match[1]!;
  match = /^Numpad([0-9])$/.exec(code);
  if (match) return `numpad_${match[1]}`;
  match = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code);
  if (match) return `f${match[1]}`;
  return null;
}

/** Modifier keys are sent as key events of their own; these codes are not repeated as flags. */
export const MODIFIER_CODES = new Set([
  'ShiftLeft',
  'ShiftRight',
  'ControlLeft',
  'ControlRight',
  'AltLeft',
  'AltRight',
  'MetaLeft',
  'MetaRight',
]);
