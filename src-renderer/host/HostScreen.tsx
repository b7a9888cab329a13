import { ConnectionHistory } from '../reports/ConnectionHistory';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDeviceId } from '../../src-shared/domain/device';
import { GetHelp } from '../liveview/GetHelp';
import { CopyButton } from '../shell/CopyButton';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { VideoHelpEntry } from '../video/VideoHelpEntry';
import { SessionCodeEntry } from './SessionCodeEntry';
import { UnattendedAccess } from './UnattendedAccess';
import './host.css';

/** RS-1: what the end user reads out to a supporter. */
export function HostScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const identity = useAppStore((state) => state.identity);
  const signaling = useAppStore((state) => state.signaling);
  const rotatePassword = useAppStore((state) => state.rotatePassword);
  const rotate = useAction(rotatePassword);
  const [rotated, setRotated] = useState(false);
  if (!identity) return <></>;
  const formattedId = formatDeviceId(identity.deviceId);

  return (
    <section aria-labelledby="host-title">
      <h1 id="host-title" tabIndex={-1}>
        {t('host.title')}
      </h1>
      <GetHelp />
      <p className="lead">{t('host.intro')}</p>
      <dl className="credentials">
        <div className="credential">
          <dt id="device-id-label">{t('host.deviceId')}</dt>
          <dd className="credential-value">
            <output aria-labelledby="device-id-label" data-testid="device-id">
              {formattedId}
            </output>
          </dd>
          <dd className="credential-actions">
            <CopyButton value={identity.deviceId} label={t('host.copyId')} />
          </dd>
        </div>
        <div className="credential">
          <dt id="password-label">{t('host.password')}</dt>
          <dd className="credential-value mono">
            <output aria-labelledby="password-label" data-testid="one-time-password">
              {identity.oneTimePassword}
            </output>
          </dd>
          <dd className="credential-actions">
            <CopyButton value={identity.oneTimePassword} label={t('host.copyPassword')} />
            <button
              type="button"
              className="secondary"
              disabled={rotate.busy}
              aria-busy={rotate.busy}
              onClick={() => void rotate.run().then(() => setRotated(true))}
            >
              {t('host.rotate')}
            </button>
          </dd>
        </div>
      </dl>
      <p className="hint">{t('host.passwordHint')}</p>
      {/* Said while it is so: the ID and password above reach nobody until the cloud is back. */}
      <p role="status" className="note" data-testid="reachability">
        {signaling && signaling !== 'online' ? t('host.reconnecting') : null}
      </p>
      <p role="status" className="note">
        {rotate.error ?? (rotated ? t('host.rotated') : null)}
      </p>
      <SessionCodeEntry />
      <VideoHelpEntry />
      <UnattendedAccess />
      <ConnectionHistory direction="incoming" />
    </section>
  );
}
