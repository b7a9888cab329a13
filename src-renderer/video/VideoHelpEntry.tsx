import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/appStore';

/**
 * VS-1 from the Tandem app: a customer with a device code opens the company's video help page
 * (`/v/` on the app's cloud endpoint, where they type the code). It opens in the browser — Tandem's
 * windows open no other site themselves — so the camera is asked for by the page the endpoint
 * serves, as on a phone. Shown only while the app has a cloud endpoint.
 */
export function VideoHelpEntry(): React.JSX.Element | null {
  const { t } = useTranslation();
  const titleId = useId();
  const endpoint = useAppStore((state) => state.cloud?.url);
  if (!endpoint) return null;
  return (
    <section aria-labelledby={titleId} className="subsection">
      <h2 id={titleId}>{t('video.customer.title')}</h2>
      <p className="hint">{t('video.customer.body')}</p>
      <a
        className="button-like"
        href={`${endpoint.replace(/\/+$/, '')}/v/`}
        target="_blank"
        rel="noopener noreferrer"
        data-testid="video-help-link"
      >
        {t('video.customer.open')}
      </a>
    </section>
  );
}
