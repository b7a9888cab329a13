import { z } from 'zod';
import {
  accountAuditEntrySchema,
  adminUserSchema,
  creditsSchema,
  roleSchema,
} from '../../../src-shared/domain/accounts';
import { auditEntrySchema } from '../../../src-shared/domain/consent';
import {
  companyDeviceSchema,
  enrollmentTokenCreatedSchema,
  enrollmentTokenSchema,
} from '../../../src-shared/domain/managedConfig';
import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';

type AdminChannel =
  | 'admin.users.list'
  | 'admin.users.setLogging'
  | 'admin.roles.create'
  | 'admin.roles.list'
  | 'admin.users.setRole'
  | 'admin.users.setDisabled'
  | 'admin.users.remove'
  | 'admin.accountAudit'
  | 'admin.devices.list'
  | 'admin.devices.remove'
  | 'admin.enrollmentTokens.list'
  | 'admin.enrollmentTokens.create'
  | 'admin.enrollmentTokens.revoke'
  | 'admin.credits'
  | 'admin.audit';

const created = z.object({ id: z.string() });
const deviceTrail = z.object({ deviceId: z.string(), intact: z.boolean(), entries: z.array(auditEntrySchema) });

/**
 * The company administration as the signed-in user's calls to the cloud endpoint; the endpoint
 * checks the permissions, so these only carry requests and unwrap the answers.
 */
export function adminModule({ account }: Pick<CoreServices, 'account'>): CoreModule<AdminChannel> {
  const get = <T extends z.ZodType>(path: string, schema: T) => account.authorized('GET', path, undefined, schema);
  const remove = async (path: string) => {
    await account.authorized('DELETE', path, undefined, z.null());
    return {};
  };
  return {
    handlers: {
      'admin.users.list': async () =>
        (await get('/api/v1/admin/users', z.object({ users: z.array(adminUserSchema) }))).users,
      'admin.users.setLogging': (request) =>
        account.authorized('PUT', '/api/v1/admin/users/log-sessions', request, z.object({ changed: z.number() })),
      'admin.roles.create': (request) => account.authorized('POST', '/api/v1/admin/roles', request, created),
      'admin.roles.list': async () =>
        (await get('/api/v1/admin/roles', z.object({ roles: z.array(roleSchema) }))).roles,
      'admin.users.setRole': async ({ userId, roleId }) => {
        await account.authorized('PUT', `/api/v1/admin/users/${encodeURIComponent(userId)}/role`, { roleId }, z.null());
        return {};
      },
      'admin.users.setDisabled': async ({ userId, disabled }) => {
        const path = `/api/v1/admin/users/${encodeURIComponent(userId)}/disabled`;
        await account.authorized('PUT', path, { disabled }, z.null());
        return {};
      },
      'admin.users.remove': ({ userId }) => remove(`/api/v1/admin/users/${encodeURIComponent(userId)}`),
      'admin.accountAudit': async () =>
        (await get('/api/v1/admin/account-audit', z.object({ entries: z.array(accountAuditEntrySchema) }))).entries,
      'admin.devices.list': async () =>
        (await get('/api/v1/admin/devices', z.object({ devices: z.array(companyDeviceSchema) }))).devices,
      'admin.devices.remove': ({ deviceId }) => remove(`/api/v1/admin/devices/${deviceId}`),
      'admin.enrollmentTokens.list': async () =>
        (await get('/api/v1/admin/enrollment-tokens', z.object({ tokens: z.array(enrollmentTokenSchema) }))).tokens,
      'admin.enrollmentTokens.create': (request) =>
        account.authorized('POST', '/api/v1/admin/enrollment-tokens', request, enrollmentTokenCreatedSchema),
      'admin.enrollmentTokens.revoke': ({ id }) => remove(`/api/v1/admin/enrollment-tokens/${encodeURIComponent(id)}`),
      'admin.credits': () => get('/api/v1/credits', creditsSchema),
      'admin.audit': async () =>
        (await get('/api/v1/admin/consent-audit', z.object({ devices: z.array(deviceTrail) }))).devices,
    },
  };
}
