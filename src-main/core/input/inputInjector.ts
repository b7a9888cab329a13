import type { InputEvent } from '../../../src-shared/session/inputEvents';

/** Injects validated remote-control input into this computer's session (RS-6). Main only. */
export interface InputInjector {
  /** Null when injection works here; otherwise why not (no display, no permission, …). */
  readonly unavailableReason: string | null;
  inject(event: InputEvent): void;
}

export const unavailableInjector = (reason: string): InputInjector => ({
  unavailableReason: reason,
  inject() {
    throw new Error(reason);
  },
});
