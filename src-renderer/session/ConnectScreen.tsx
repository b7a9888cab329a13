import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceIdSchema, formatDeviceId, normalizeDeviceId } from '../../src-shared/domain/device';

/** The supporter's side: enter the partner's ID. Sessions themselves arrive with RS-2 … RS-11. */
export function ConnectScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const inputId = useId();
  const errorId = useId();
  const [value, setValue] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const digits = normalizeDeviceId(value);
  const valid = deviceIdSchema.safeParse(digits).success;
  const showError = submitted && !valid;

  return (
    <section aria-labelledby="connect-title">
      <h1 id="connect-title" tabIndex={-1}>
        {t('connect.title')}
      </h1>
      <p className="lead">{t('connect.intro')}</p>
      <form
        className="connect-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(true);
        }}
      >
        <label htmlFor={inputId}>{t('connect.partnerId')}</label>
        <input
          id={inputId}
          inputMode="numeric"
          autoComplete="off"
          placeholder={t('connect.placeholder')}
          value={value}
          aria-invalid={showError}
          aria-describedby={showError ? errorId : undefined}
          onChange={(event) => {
            const next = normalizeDeviceId(event.target.value).replace(/\D/g, '').slice(0, 9);
            setValue(formatDeviceId(next));
            setSubmitted(false);
          }}
        />
        <button type="submit">{t('connect.submit')}</button>
      </form>
      {showError && (
        <p id={errorId} className="error" role="alert">
          {t('connect.invalid')}
        </p>
      )}
      {submitted && valid && (
        <p className="note" role="status">
          {t('connect.unavailable')}
        </p>
      )}
    </section>
  );
}
