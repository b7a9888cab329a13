import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../src-shared/domain/accounts';
import { useAppStore } from '../store/appStore';
import { sectionFromHash, sectionHash, visibleSections, type AdminSection } from './adminSections';
import { AiSettingsSection } from './AiSettingsSection';
import { AuditSection } from './AuditSection';
import { DevicesSection } from './DevicesSection';
import { EnrollmentTokensSection } from './EnrollmentTokensSection';
import { IntegrationsSection } from './IntegrationsSection';
import { ModulesSection } from './ModulesSection';
import { PoliciesSection } from './PoliciesSection';
import { RolesSection } from './RolesSection';
import { UsersSection } from './UsersSection';
import './admin.css';

const SECTION_COMPONENTS: Record<AdminSection, () => React.JSX.Element> = {
  ai: AiSettingsSection,
  users: UsersSection,
  roles: RolesSection,
  devices: DevicesSection,
  policies: PoliciesSection,
  'enrollment-tokens': EnrollmentTokensSection,
  modules: ModulesSection,
  integrations: IntegrationsSection,
  audit: AuditSection,
};

/** The section the URL's hash names, if this account may see it; else the first it may. */
function chosen(sections: readonly AdminSection[]): AdminSection | undefined {
  const linked = sectionFromHash(location.hash);
  return linked && sections.includes(linked) ? linked : sections[0];
}

/**
 * AC-4: the company's administration as a console — one view per section, each shown to those
 * whose role allows it, with deep links (`#admin/devices`) that survive a reload and follow the
 * browser's back and forward.
 */
export function AdminScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const account = useAppStore((state) => state.account);
  const permissions = account?.signedIn ? account.permissions : [];
  const sections = visibleSections(permissions);
  const key = sections.join(',');
  const [section, setSection] = useState<AdminSection | undefined>(() => chosen(sections));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shown = useRef(section);

  // The hash is the source of truth: links change it, and back/forward too.
  useEffect(() => {
    const follow = () => {
      const next = chosen(sections);
      setSection(next);
      if (next && sectionFromHash(location.hash) !== next) history.replaceState(null, '', sectionHash(next));
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the sections change only with the account
  }, [key]);

  // A new section moves keyboard focus to its heading, so screen readers announce it.
  useEffect(() => {
    if (shown.current !== section) headingRef.current?.focus();
    shown.current = section;
  }, [section]);

  const Current = section ? SECTION_COMPONENTS[section] : null;
  return (
    <section aria-labelledby="admin-title" className="admin-console">
      <h1 id="admin-title" tabIndex={-1}>
        {t('nav.admin')}
      </h1>
      {!account?.signedIn && <p className="empty-state">{t('admin.signInFirst')}</p>}
      {sections.length > 0 && (
        <div className="admin-layout">
          <nav className="admin-nav" aria-label={t('admin.nav.label')}>
            <ul>
              {sections.map((id) => (
                <li key={id}>
                  <a
                    href={sectionHash(id)}
                    aria-current={id === section ? 'page' : undefined}
                    // The current section's link changes nothing but still takes focus to its heading.
                    onClick={() => (id === section ? headingRef.current?.focus() : undefined)}
                  >
                    {t(`admin.nav.${id}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {Current && section && (
            <section aria-labelledby="admin-section-title" className="admin-section" key={section}>
              <h2 id="admin-section-title" tabIndex={-1} ref={headingRef}>
                {t(`admin.nav.${section}`)}
              </h2>
              <Current />
            </section>
          )}
        </div>
      )}
    </section>
  );
}

/** Whether this account may see the administration at all. */
export function isAdministrator(permissions: readonly Permission[]): boolean {
  return permissions.some((permission) => permission.startsWith('admin.') || permission === 'insights.manage_settings');
}
