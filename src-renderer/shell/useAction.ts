import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TandemError } from '../../src-shared/errors';

const TRANSLATED_CODES = ['invalid_request', 'transport_closed', 'timeout', 'unauthorized'] as const;

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
        const code = caught instanceof TandemError ? caught.code : null;
        const known = TRANSLATED_CODES.find((candidate) => candidate === code);
        setError(known ? t(`errors.${known}`) : t('errors.generic'));
      } finally {
        setBusy(false);
      }
    },
    [action, t],
  );
  return { run, busy, error };
}
