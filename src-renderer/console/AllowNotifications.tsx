import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * VS-2 in the web console: the browser shows a notification for a new request only once the person
 * allowed it, which a browser asks only after a click; until then the in-app notice alone tells.
 */
export function AllowNotifications(): React.JSX.Element | null {
  const { t } = useTranslation();
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported || permission !== 'default') return null;
  return (
    <p className="hint">
      {t('console.notificationsHint')}{' '}
      <button
        type="button"
        className="secondary small"
        onClick={() => void Notification.requestPermission().then(setPermission)}
      >
        {t('console.allowNotifications')}
      </button>
    </p>
  );
}
