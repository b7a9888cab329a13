import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next, { type TFunction } from 'i18next';
import { TandemError, type ErrorCode } from '../../src-shared/errors';
import { formatWait } from './formatWait';

/**
 * A failure as the user reads it: every code has its own text in the one error catalogue
 * (src-shared/errors.en.ts, errors.de.ts); `{{wait}}` is filled from `retryAfterMs` (60 seconds when
 * the refusal did not say). Only something that is no TandemError at all reads as generic.
 */
export function errorMessage(t: TFunction, failure: ErrorCode | TandemError | null): string {
  if (failure === null) return t('errors.generic');
  const code = typeof failure === 'string' ? failure : failure.code;
  const retryAfterMs = typeof failure === 'string' ? undefined : failure.retryAfterMs;
  return t(`errors.${code}`, { wait: formatWait(retryAfterMs ?? 60_000, i18next.language) });
}

/** Runs a user action, tracking progress and turning a failure into a translated message. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError(null);
      try {
        await action(...args);
      } catch (caught) {
        setError(errorMessage(t, caught instanceof TandemError ? caught : null));
      } finally {
        setBusy(false);
      }
    },
    [action, t],
  );
  return { run, busy, error };
}
