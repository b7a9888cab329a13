import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';

/**
 * The connect form's "Remember the password on this device" (off by default) and, for a computer
 * whose password this device remembers, that it does, with a way to forget it.
 */
export function RememberPassword(props: {
  remembered: boolean;
  checked: boolean;
  onCheck(checked: boolean): void;
  onForget(): Promise<void>;
}): React.JSX.Element {
  const { t } = useTranslation();
  const hintId = useId();
  const forget = useAction(props.onForget);
  return (
    <>
      {props.remembered && (
        <p className="hint" role="status" data-testid="password-remembered">
          {t('connect.remember.remembered')}{' '}
          <button
            type="button"
            className="secondary small"
            aria-label={t('connect.remember.forgetLabel')}
            disabled={forget.busy}
            onClick={() => void forget.run()}
          >
            {t('connect.remember.forget')}
          </button>
        </p>
      )}
      <ErrorText message={forget.error} />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={props.checked}
          aria-describedby={hintId}
          data-testid="remember-password"
          onChange={(event) => props.onCheck(event.target.checked)}
        />
        {t('connect.remember.label')}
      </label>
      <p id={hintId} className="hint">
        {t('connect.remember.hint')}
      </p>
    </>
  );
}
