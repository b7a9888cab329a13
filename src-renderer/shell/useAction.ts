import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { TandemError, type ErrorCode } from '../../src-shared/errors';

const TRANSLATED_CODES = [
  'invalid_request',
  'transport_closed',
  'timeout',
  'unauthorized',
  'forbidden',
  'not_found',
  'signed_out',
  'cloud_unreachable',
  'enrollment_token_unknown',
  'enrollment_token_expired',
  'enrollment_token_revoked',
  'enrollment_token_used_up',
  'device_of_another_company',
  'managed_device',
  'no_company',
  'permission_not_held',
  'user_outranks_you',
  'role_outranks_you',
  'last_administrator',
  'cannot_change_yourself',
  'email_taken',
  'role_name_taken',
  'session_required',
  'rate_limited',
  'codes_exhausted',
] as const;

/** A failure as the user reads it: a translated, actionable message for the codes that have one. */
export function errorMessage(t: TFunction, code: ErrorCode | null): string {
  const known = TRANSLATED_CODES.find((candidate) => candidate === code);
  return known ? t(`errors.${known}`) : t('errors.generic');
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
        setError(errorMessage(t, caught instanceof TandemError ? caught.code : null));
      } finally {
        setBusy(false);
      }
    },
    [action, t],
  );
  return { run, busy, error };
}
