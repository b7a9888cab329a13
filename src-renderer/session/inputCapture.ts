import type { InputEvent, Modifiers } from '../../src-shared/session/inputEvents';

/** Where the picture sits inside a <video> with `object-fit: contain` (letterboxing aside). */
export function contentRect(video: HTMLVideoElement): DOMRect {
  const box = video.getBoundingClientRect();
  const { videoWidth: w, videoHeight: h } = video;
  if (!w || !h) return box;
  const scale = Math.min(box.width / w, box.height / h);
  const width = w * scale;
  const height = h * scale;
  return new DOMRect(box.x + (box.width - width) / 2, box.y + (box.height - height) / 2, width, height);
}

/**
 * A pointer position as 0–1 fractions of the remote display, or null outside the picture —
 * or, with `clamp` (a button let go outside it must still be let go), the nearest edge.
 */
export function toFraction(
  video: HTMLVideoElement,
  clientX: number,
  clientY: number,
  clamp = false,
): { x: number; y: number } | null {
  const rect = contentRect(video);
  let x = (clientX - rect.x) / rect.width;
  let y = (clientY - rect.y) / rect.height;
  if (clamp && Number.isFinite(x) && Number.isFinite(y)) {
    x = Math.min(1, Math.max(0, x));
    y = Math.min(1, Math.max(0, y));
  }
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return null;
  return { x, y };
}

const BUTTONS = ['left', 'middle', 'right'] as const;
export const buttonOf = (button: number) => BUTTONS[button] ?? null;

export function modifiersOf(event: KeyboardEvent | React.KeyboardEvent): Modifiers {
  return { shift: event.shiftKey, ctrl: event.ctrlKey, alt: event.altKey, meta: event.metaKey };
}

/**
 * A key press as input: characters travel as text (so the host's keyboard layout does not
 * matter and any Unicode arrives), everything else — Enter, arrows, shortcuts — as physical keys.
 */
export function keyInput(event: KeyboardEvent | React.KeyboardEvent, down: boolean): InputEvent | null {
  const isCharacter =
    event.key.length > 0 && [...event.key].length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
  if (isCharacter) return down ? { type: 'text', text: event.key } : null;
  if (!/^[A-Za-z0-9]{1,24}$/.test(event.code)) return null;
  return { type: 'key', code: event.code, down, modifiers: modifiersOf(event) };
}

/** Wheel deltas (pixels, lines or pages) as whole scroll steps. */
export function wheelSteps(delta: number, mode: number): number {
  const pixels = mode === 1 ? delta * 40 : mode === 2 ? delta * 800 : delta;
  if (pixels === 0) return 0;
  return Math.sign(pixels) * Math.min(10, Math.max(1, Math.round(Math.abs(pixels) / 100)));
}

/**
 * Key combinations the supporter's own system keeps for itself (Ctrl+Alt+Del, the Windows key,
 * Alt+Tab): sent from the session's menu instead, as the keys a person would press.
 */
export const KEY_COMBOS = {
  ctrlAltDel: { hold: ['ControlLeft', 'AltLeft'], press: 'Delete' },
  windows: { hold: [], press: 'MetaLeft' },
  altTab: { hold: ['AltLeft'], press: 'Tab' },
} as const satisfies Record<string, { hold: readonly string[]; press: string }>;
export type KeyCombo = keyof typeof KEY_COMBOS;

const MODIFIER_OF_CODE: Record<string, keyof Modifiers> = {
  ControlLeft: 'ctrl',
  AltLeft: 'alt',
  MetaLeft: 'meta',
  ShiftLeft: 'shift',
};

/** The presses and releases of a combination, each carrying the modifiers held at that moment. */
export function comboInput(combo: KeyCombo): InputEvent[] {
  const { hold, press } = KEY_COMBOS[combo];
  const held: Modifiers = { shift: false, ctrl: false, alt: false, meta: false };
  const key = (code: string, down: boolean): InputEvent => {
    const modifier = MODIFIER_OF_CODE[code];
    if (modifier) held[modifier] = down;
    return { type: 'key', code, down, modifiers: { ...held } };
  };
  return [
    ...hold.map((code) => key(code, true)),
    key(press, true),
    key(press, false),
    ...[...hold].reverse().map((code) => key(code, false)),
  ];
}
