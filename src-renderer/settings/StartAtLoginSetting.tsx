import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StartAtLogin } from '../../src-shared/settings/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/**
 * RS-1 in Settings: Tandem starts with the computer (in the tray), so a computer set up for
 * unattended access stays reachable after a restart. Only where the desktop app can (Windows,
 * macOS); IT may lock it.
 */
export function StartAtLoginSetting(): React.JSX.Element | null {
  const { t } = useTranslation();
  const hintId = useId();
  const client = useAppStore((state) => state.client);
  const update = useAppStore((state) => state.updateSettings);
  const [current, setCurrent] = useState<StartAtLogin | null>(null);
  useEffect(() => {
    if (!client) return;
    void client.invoke('settings.startAtLogin', {}).then(setCurrent, () => setCurrent(null));
    return client.on('settings.startAtLogin', setCurrent);
  }, [client]);
  const save = useAction(async (on: boolean) => {
    setCurrent((shown) => (shown ? { ...shown, on } : shown));
    try {
      await update({ startAtLogin: on });
    } finally {
      if (client) setCurrent(await client.invoke('settings.startAtLogin', {}));
    }
  });
  if (!current?.supported) return null;
  return (
    <div className="field">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={current.on}
          disabled={current.lockedByIt || save.busy}
          aria-describedby={hintId}
          onChange={(event) => void save.run(event.target.checked)}
        />
        {t('settings.startAtLogin')}
      </label>
      <p id={hintId} className="hint">
        {current.lockedByIt ? t('settings.lockedByManaged') : t('settings.startAtLoginHint')}
      </p>
      <ErrorText message={save.error} />
    </div>
  );
}
