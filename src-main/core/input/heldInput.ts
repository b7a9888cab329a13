import type { InputEvent, Modifiers } from '../../../src-shared/session/inputEvents';
import type { InputInjector } from './inputInjector';
import { MODIFIER_CODES } from './keyMap';

type Button = Extract<InputEvent, { type: 'pointer-button' }>['button'];
const NO_MODIFIERS: Modifiers = { shift: false, ctrl: false, alt: false, meta: false };
/** The key a modifier flag presses (the injector brings held modifiers in line with the flags). */
const FLAG_CODES: Record<keyof Modifiers, string> = {
  shift: 'ShiftLeft',
  ctrl: 'ControlLeft',
  alt: 'AltLeft',
  meta: 'MetaLeft',
};

/**
 * One host session's remote input in front of the injector (RS-6): drops stale and duplicate
 * frames by `seq`, remembers which keys and buttons the partner holds down on this computer, and
 * lets go of all of them — through the injector — when the session ends, control is revoked or
 * the input channel breaks, so nothing stays held on the end user's computer.
 */
export class HeldInput {
  readonly #keys = new Set<string>();
  readonly #buttons = new Set<Button>();
  #pointer = { x: 0.5, y: 0.5 };
  /** The last transition (key, button, wheel, text) injected, and the newest frame of any kind. */
  #lastTransition = -1;
  #newest = -1;

  constructor(private readonly injector: InputInjector) {}

  /** Keys and buttons this session holds down, as the host believes (for tests and logs). */
  get held(): { keys: string[]; buttons: Button[] } {
    return { keys: [...this.#keys], buttons: [...this.#buttons] };
  }

  /**
   * Injects one frame unless it is stale: a transition at or below the last transition's `seq`
   * (a duplicate, or one overtaken), a pointer move at or below the newest frame's. Returns
   * whether it was injected; the injector's own error propagates.
   */
  apply(event: InputEvent, seq: number | undefined): boolean {
    if (event.type === 'release-all') {
      this.releaseAll();
      return true;
    }
    if (seq !== undefined) {
      if (event.type === 'pointer-move' ? seq <= this.#newest : seq <= this.#lastTransition) return false;
    }
    this.injector.inject(event);
    if (seq !== undefined) {
      this.#newest = Math.max(this.#newest, seq);
      if (event.type !== 'pointer-move') this.#lastTransition = seq;
    }
    this.#track(event);
    return true;
  }

  /** Lets go of every key and button this session holds, non-modifier keys first. */
  releaseAll(): void {
    if (this.injector.unavailableReason) {
      this.#keys.clear();
      this.#buttons.clear();
      return;
    }
    const keys = [...this.#keys].sort((a, b) => Number(MODIFIER_CODES.has(a)) - Number(MODIFIER_CODES.has(b)));
    const buttons = [...this.#buttons];
    this.#keys.clear();
    this.#buttons.clear();
    for (const button of buttons) {
      this.#tryInject({ type: 'pointer-button', ...this.#pointer, button, down: false });
    }
    for (const code of keys) this.#tryInject({ type: 'key', code, down: false, modifiers: NO_MODIFIERS });
  }

  #tryInject(event: InputEvent): void {
    try {
      this.injector.inject(event);
    } catch {
      // Letting go of one key must not keep the others held.
    }
  }

  #track(event: InputEvent): void {
    switch (event.type) {
      case 'pointer-move':
        this.#pointer = { x: event.x, y: event.y };
        return;
      case 'pointer-button':
        this.#pointer = { x: event.x, y: event.y };
        if (event.down) this.#buttons.add(event.button);
        else this.#buttons.delete(event.button);
        return;
      case 'key':
        if (!MODIFIER_CODES.has(event.code)) {
          // The injector presses or releases the modifiers the flags name before the key itself.
          for (const flag of Object.keys(FLAG_CODES) as (keyof Modifiers)[]) {
            if (event.modifiers[flag]) this.#keys.add(FLAG_CODES[flag]);
            else this.#keys.delete(FLAG_CODES[flag]);
          }
        }
        if (event.down) this.#keys.add(event.code);
        else this.#keys.delete(event.code);
        return;
      default:
        return;
    }
  }
}
