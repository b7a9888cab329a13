/** Types `text` into the focused window as Unicode characters (not as keys of a layout). */
export function typeUnicode(text: string): void;

/** The application and window title the end user is working in now, or null when there is none. */
export function foregroundWindow(): { app: string; title: string } | null;
