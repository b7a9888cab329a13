import { useTranslation } from 'react-i18next';
import type { Permission } from '../../src-shared/domain/accounts';
import { useAppStore } from '../store/appStore';
import { AiSettingsSection } from './AiSettingsSection';
import { CreditBalance } from './CreditBalance';
import { IntegrationsSection } from './IntegrationsSection';
import { AuditSection, ModulesSection, RolesSection } from './CompanySections';
import { DevicesSection } from './DevicesSection';
import { UsersSection } from './UsersSection';
import './admin.css';

/** AC-4: the company's administration, each part shown to those whose role allows it. */
export function AdminScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const account = useAppStore((state) => state.account);
  const can = (permission: Permission) => account?.signedIn === true && account.permissions.includes(permission);
  const show = {
    ai: can('insights.manage_settings'),
    users: can('admin.users'),
    devices: can('admin.devices') && can('admin.policies'),
    modules: can('admin.modules'),
    audit: can('admin.audit'),
    integrations: can('admin.integrations'),
  };
  return (
    <section aria-labelledby="admin-title">
      <header className="admin-header">
        <h1 id="admin-title" tabIndex={-1}>
          {t('nav.admin')}
        </h1>
        {show.ai && <CreditBalance />}
      </header>
      {!account?.signedIn && <p className="empty-state">{t('admin.signInFirst')}</p>}
      {show.ai && <AiSettingsSection />}
      {show.users && <UsersSection />}
      {show.devices && <DevicesSection />}
      {show.modules && <ModulesSection />}
      {show.users && <RolesSection />}
      {show.integrations && <IntegrationsSection />}
      {show.audit && <AuditSection />}
    </section>
  );
}

/** Whether this account may see the administration at all. */
export function isAdministrator(permissions: readonly Permission[]): boolean {
  return permissions.some((permission) => permission.startsWith('admin.') || permission === 'insights.manage_settings');
}
