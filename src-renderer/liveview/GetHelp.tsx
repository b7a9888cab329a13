import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GET_HELP_ACK_TEXT_VERSION, formatHelpCode, type GetHelpState } from '../../src-shared/liveview/getHelpIpc';
import { CopyButton } from '../shell/CopyButton';
import { ErrorText } from '../shell/ErrorText';
import { errorMessage, useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { GetHelpPanel } from './GetHelpPanel';
import { useGetHelpStore } from './getHelpStore';
import { useWindowActivity } from './useWindowActivity';
import './getHelp.css';

/**
 * LV-1 … LV-4, the end user's *Get help* on the host screen (and in QuickSupport modules): the
 * acknowledgement, then the help session ID to read out, its status, and *Stop asking for help*.
 */
export function GetHelp(): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const client = useAppStore((state) => state.client);
  const signaling = useAppStore((state) => state.signaling);
  const help = useGetHelpStore((state) => state.help);
  const listen = useGetHelpStore((state) => state.listen);
  const [panel, setPanel] = useState(false);
  const [stopped, setStopped] = useState(false);
  useEffect(() => (client ? listen(client) : undefined), [client, listen]);
  const asking = help?.state === 'open' || help?.state === 'opening';
  useWindowActivity(client, asking);

  const start = useAction(async (yourName: string) => {
    if (!client) return;
    await client.invoke('getHelp.start', {
      acknowledgement: { textVersion: GET_HELP_ACK_TEXT_VERSION, acknowledgedAt: new Date().toISOString() },
      yourName: yourName || null,
    });
    setPanel(false);
    setStopped(false);
  });
  const stop = useAction(async () => {
    await client?.invoke('getHelp.stop', {});
    setStopped(true);
  });

  return (
    <section className="get-help" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{asking ? t('getHelp.openTitle') : t('getHelp.title')}</h2>
      {help?.state === 'open' ? (
        <OpenHelp help={help} stopping={stop.busy} onStop={() => void stop.run()} />
      ) : help?.state === 'opening' ? (
        <p role="status">
          <span className="spinner inline" aria-hidden="true" /> {t('getHelp.opening')}
          {help.reconnecting && <span className="warning"> {t('getHelp.reconnecting')}</span>}
        </p>
      ) : panel ? (
        <GetHelpPanel busy={start.busy} onStart={(name) => void start.run(name)} onCancel={() => setPanel(false)} />
      ) : (
        <>
          <p>{t('getHelp.intro')}</p>
          <p role="status" className="note">
            {stopped && help?.state === 'idle' ? t('getHelp.stopped') : null}
          </p>
          {help?.state === 'error' && (
            <div role="alert" className="get-help-error">
              <p className="error">
                {t('getHelp.errorTitle')}: {errorMessage(t, help.code)}
              </p>
            </div>
          )}
          {signaling && signaling !== 'online' && (
            <p className="note" role="status">
              {t('getHelp.offline')}
            </p>
          )}
          <button type="button" className="get-help-button" onClick={() => setPanel(true)}>
            {help?.state === 'error' ? t('getHelp.retry') : t('getHelp.button')}
          </button>
        </>
      )}
      <ErrorText message={start.error ?? stop.error} />
    </section>
  );
}

function OpenHelp({
  help,
  stopping,
  onStop,
}: {
  help: Extract<GetHelpState, { state: 'open' }>;
  stopping: boolean;
  onStop: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <div className="credential">
        <span id={`${id}-code`} className="credential-label">
          {t('getHelp.codeLabel')}
        </span>
        <output aria-labelledby={`${id}-code`} className="credential-value" data-testid="help-code">
          {formatHelpCode(help.code)}
        </output>
        <span className="credential-actions">
          <CopyButton value={help.code} label={t('getHelp.copy')} />
        </span>
      </div>
      <p className="hint">{t('getHelp.codeHint')}</p>
      <p role="status" className="note">
        {help.reconnecting
          ? t('getHelp.reconnecting')
          : help.renewed === 'expired'
            ? t('getHelp.renewedExpired')
            : help.renewed === 'ended'
              ? t('getHelp.renewedEnded')
              : help.kept
                ? t('getHelp.kept')
                : null}
      </p>
      {help.endingSoon && (
        <p role="alert" className="warning">
          {t('getHelp.endingSoon')}
        </p>
      )}
      <button type="button" className="danger" disabled={stopping} aria-busy={stopping} onClick={onStop}>
        {t('getHelp.stop')}
      </button>
    </>
  );
}
