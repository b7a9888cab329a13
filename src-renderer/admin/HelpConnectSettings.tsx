import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../shell/useAction';
import { ErrorText } from '../shell/ErrorText';
import { useClient } from './useList';

/**
 * LV-2: whether a supporter who types the help session ID an end user read out starts at once
 * (the end user acknowledged when they asked for help) or the end user still clicks Accept. Off
 * by default; a help session picked in the Live View always asks.
 */
export function HelpConnectSettings(): React.JSX.Element {
  const { t } = useTranslation();
  const client = useClient();
  const [skips, setSkips] = useState<boolean | null>(null);
  const [saved, setSaved] = useState(false);
  const load = useAction(async () => setSkips((await client.invoke('admin.liveview.settings', {})).codeSkipsAccept));
  const change = useAction(async (codeSkipsAccept: boolean) => {
    setSaved(false);
    setSkips(codeSkipsAccept);
    try {
      setSkips((await client.invoke('admin.liveview.updateSettings', { body: { codeSkipsAccept } })).codeSkipsAccept);
      setSaved(true);
    } catch (error) {
      setSkips(!codeSkipsAccept);
      throw error;
    }
  });
  const { run } = load;
  useEffect(() => void run(), [run]);

  return (
    <fieldset className="option-group" aria-busy={skips === null}>
      <legend>{t('admin.helpConnect.title')}</legend>
      {skips === null && !load.error && <p role="status">{t('admin.helpConnect.loading')}</p>}
      <ErrorText message={load.error} />
      {skips !== null && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={skips}
            disabled={change.busy}
            data-testid="help-code-skips-accept"
            onChange={(event) => void change.run(event.target.checked)}
          />
          {t('admin.helpConnect.codeSkipsAccept')}
        </label>
      )}
      <p className="hint">{t('admin.helpConnect.hint')}</p>
      <ErrorText message={change.error} />
      <p className="note" role="status">
        {saved ? t('admin.helpConnect.saved') : null}
      </p>
    </fieldset>
  );
}
