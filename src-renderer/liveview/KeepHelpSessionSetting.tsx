import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/** LV-4 *Keep session* in Settings: asking for help goes on after a restart, with the same ID; IT may lock it. */
export function KeepHelpSessionSetting(): React.JSX.Element {
  const { t } = useTranslation();
  const hintId = useId();
  const client = useAppStore((state) => state.client);
  const update = useAppStore((state) => state.updateSettings);
  const [current, setCurrent] = useState<Response<'getHelp.keepSession'> | null>(null);
  const refresh = () => void client?.invoke('getHelp.keepSession', {}).then(setCurrent, () => setCurrent(null));
  useEffect(refresh, [client]);
  const save = useAction(async (on: boolean) => {
    // Shown at once; the core's answer (or a refusal) follows.
    setCurrent((shown) => (shown ? { ...shown, on } : shown));
    try {
      await update({ keepHelpSession: on });
    } finally {
      refresh();
    }
  });
  return (
    <div className="field">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={current?.on ?? false}
          disabled={!current || current.lockedByIt || save.busy}
          aria-describedby={hintId}
          onChange={(event) => void save.run(event.target.checked)}
        />
        {t('getHelp.keepSession')}
      </label>
      <p id={hintId} className="hint">
        {current?.lockedByIt ? t('settings.lockedByManaged') : t('getHelp.keepSessionHint')}
      </p>
      <ErrorText message={save.error} />
    </div>
  );
}
