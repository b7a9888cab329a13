import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { languageSchema } from '../../src-shared/domain/settings';
import { SUPPORTED_LANGUAGES } from '../i18n';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';
import { AccountSection } from './AccountSection';
import { CompanySection } from './CompanySection';
import { ConsentAuditSection } from './ConsentAuditSection';
import { InsightsLoggingSection } from './InsightsLoggingSection';
import { KeepHelpSessionSetting } from '../liveview/KeepHelpSessionSetting';
import { StartAtLoginSetting } from './StartAtLoginSetting';
import { SummarizerSection } from './SummarizerSection';
import { ProfileAndSecurity } from './ProfileAndSecurity';
import { ErrorText } from '../shell/ErrorText';

export function SettingsScreen(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const languageId = useId();
  const languageHintId = useId();
  const appInfo = useAppStore((state) => state.appInfo);
  const settings = useAppStore((state) => state.settings);
  const cloud = useAppStore((state) => state.cloud);
  const cloudChecking = useAppStore((state) => state.cloudChecking);
  const setLanguage = useAction(useAppStore((state) => state.setLanguage));
  const checkCloud = useAction(useAppStore((state) => state.checkCloud));

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title" tabIndex={-1}>
        {t('settings.title')}
      </h1>

      <div className="field">
        <label htmlFor={languageId}>{t('settings.language')}</label>
        <select
          id={languageId}
          value={i18n.language}
          aria-describedby={languageHintId}
          disabled={setLanguage.busy}
          onChange={(event) => void setLanguage.run(languageSchema.parse(event.target.value))}
        >
          {SUPPORTED_LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {t(`language.${language}`)}
            </option>
          ))}
        </select>
        <p id={languageHintId} className="hint">
          {t('settings.languageHint')}
        </p>
        <ErrorText message={setLanguage.error} />
      </div>

      <AccountSection />
      <CompanySection />
      {settings && <ProfileAndSecurity settings={settings} />}
      <InsightsLoggingSection />
      <KeepHelpSessionSetting />
      <StartAtLoginSetting />
      <SummarizerSection />
      <ConsentAuditSection />

      <h2>{t('settings.cloud')}</h2>
      {cloud && (
        <dl className="facts" data-testid="cloud-status">
          <dt>{cloud.embedded ? t('settings.cloudEmbedded') : t('settings.cloudCompany')}</dt>
          <dd className="mono">{cloud.url}</dd>
          <dt>{t('settings.cloud')}</dt>
          <dd className={cloud.state === 'reachable' ? 'ok' : 'error'}>
            <span role="status">
              {cloudChecking
                ? t('settings.cloudChecking')
                : cloud.state === 'reachable'
                  ? t('settings.cloudReachable')
                  : t('settings.cloudUnreachable')}
              {cloud.serverVersion && ` · ${t('settings.cloudVersion', { version: cloud.serverVersion })}`}
            </span>
          </dd>
          {cloud.state === 'unreachable' && (
            <>
              <dt>{t('settings.cloudProblem')}</dt>
              <dd>
                {t('settings.cloudUnreachableHint')} <span className="mono">{cloud.error}</span>
              </dd>
            </>
          )}
        </dl>
      )}
      <button
        type="button"
        className="secondary"
        disabled={cloudChecking}
        aria-busy={cloudChecking}
        onClick={() => void checkCloud.run()}
      >
        {t('settings.cloudCheck')}
      </button>
      <ErrorText message={checkCloud.error} />

      <h2>{t('settings.about')}</h2>
      {appInfo && (
        <dl className="facts">
          <dt>{t('app.name')}</dt>
          <dd>{t('settings.version', { version: appInfo.version })}</dd>
          <dt>{t('settings.dataDir')}</dt>
          <dd className="mono">{appInfo.dataDir}</dd>
        </dl>
      )}
    </section>
  );
}
