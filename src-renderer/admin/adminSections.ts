import type { Permission } from '../../src-shared/domain/accounts';

/** The Administration's sections, in the order of its navigation; each needs one permission. */
export const ADMIN_SECTIONS = [
  { id: 'ai', permission: 'insights.manage_settings' },
  { id: 'users', permission: 'admin.users' },
  { id: 'roles', permission: 'admin.users' },
  { id: 'devices', permission: 'admin.devices' },
  { id: 'policies', permission: 'admin.policies' },
  { id: 'enrollment-tokens', permission: 'admin.devices' },
  { id: 'modules', permission: 'admin.modules' },
  { id: 'integrations', permission: 'admin.integrations' },
  { id: 'audit', permission: 'admin.audit' },
] as const satisfies readonly { id: string; permission: Permission }[];
export type AdminSection = (typeof ADMIN_SECTIONS)[number]['id'];

const HASH_PREFIX = '#admin/';

/** The sections this account may see, in navigation order. */
export function visibleSections(permissions: readonly Permission[]): AdminSection[] {
  return ADMIN_SECTIONS.filter((section) => permissions.includes(section.permission)).map((section) => section.id);
}

/** A deep link's section (`#admin/devices`), or null when the hash names none. */
export function sectionFromHash(hash: string): AdminSection | null {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  const id = hash.slice(HASH_PREFIX.length);
  return ADMIN_SECTIONS.find((section) => section.id === id)?.id ?? null;
}

/** Whether the URL's hash points into the Administration (`#admin` or `#admin/…`). */
export function isAdminHash(hash: string): boolean {
  return hash === '#admin' || hash.startsWith(HASH_PREFIX);
}

export const sectionHash = (section: AdminSection): string => `${HASH_PREFIX}${section}`;
