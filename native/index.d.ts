/** Types `text` into the focused window as Unicode characters (not as keys of a layout). */
export function typeUnicode(text: string): void;
