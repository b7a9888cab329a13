import { useEffect } from 'react';
import type { TandemClient } from '../../src-shared/ipc/client';

/** Input is told at most this often: the core only needs to know it was within the last minute. */
const INPUT_REPORT_MS = 10_000;

/**
 * LV-1's active / idle: while the end user asks for help, the window tells the core whether it is
 * in front and when they last used it (the browser's focus and input events, in Electron too).
 */
export function useWindowActivity(client: TandemClient | null, asking: boolean): void {
  useEffect(() => {
    if (!client || !asking) return;
    // Asking for help began (or this window opened) with a click in it.
    let lastInputAt: string | null = new Date().toISOString();
    let lastReported = 0;
    const report = () =>
      void client.invoke('getHelp.activity', { focused: document.hasFocus(), lastInputAt }).catch(() => undefined);
    const input = () => {
      lastInputAt = new Date().toISOString();
      if (Date.now() - lastReported < INPUT_REPORT_MS) return;
      lastReported = Date.now();
      report();
    };
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, input, { passive: true });
    window.addEventListener('focus', report);
    window.addEventListener('blur', report);
    return () => {
      for (const name of events) window.removeEventListener(name, input);
      window.removeEventListener('focus', report);
      window.removeEventListener('blur', report);
    };
  }, [client, asking]);
}
