import { z } from 'zod';
import { quickSupportModuleSchema } from '../domain/accounts';
import { deviceIdSchema } from '../domain/device';
import {
  companyDeviceSchema,
  companyMembershipViewSchema,
  deviceMembershipSchema,
  enrollmentResultSchema,
  enrollmentTokenCreatedSchema,
  enrollmentTokenRequestSchema,
  enrollmentTokenSchema,
} from '../domain/managedConfig';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { defineIpc, empty } from '../ipc/channel';

/**
 * AC-2, DP-2: how devices join and leave a company. A device joins only through what it presents
 * itself — IT's enrolment token, or a signed-in user of the company on it — never because an
 * administrator typed its ID (that let any company take any device and enforce its policy on it).
 */
export const managedRoutes = defineRoutes({
  'admin.devices.list': {
    method: 'GET',
    path: '/api/v1/admin/devices',
    tag: 'admin',
    summary: 'The company’s devices and how each joined',
    auth: 'user',
    permission: 'admin.devices',
    status: 200,
    response: z.object({ devices: z.array(companyDeviceSchema) }),
  },
  'admin.devices.remove': {
    method: 'DELETE',
    path: '/api/v1/admin/devices/:deviceId',
    tag: 'admin',
    summary: 'Remove a device from the company, managed or not; its policy no longer applies',
    auth: 'user',
    permission: 'admin.devices',
    params: z.object({ deviceId: deviceIdSchema }),
    status: 204,
    response: z.null(),
    errors: { 404: ['not_found'] },
  },
  'admin.enrollmentTokens.list': {
    method: 'GET',
    path: '/api/v1/admin/enrollment-tokens',
    tag: 'admin',
    summary: 'Enrolment tokens for managed configuration (DP-2)',
    auth: 'user',
    permission: 'admin.devices',
    status: 200,
    response: z.object({ tokens: z.array(enrollmentTokenSchema) }),
  },
  'admin.enrollmentTokens.create': {
    method: 'POST',
    path: '/api/v1/admin/enrollment-tokens',
    tag: 'admin',
    summary: 'Create an enrolment token (shown this once): devices configured with it join as managed devices',
    auth: 'user',
    permission: 'admin.devices',
    body: enrollmentTokenRequestSchema,
    status: 201,
    response: enrollmentTokenCreatedSchema,
  },
  'admin.enrollmentTokens.revoke': {
    method: 'DELETE',
    path: '/api/v1/admin/enrollment-tokens/:id',
    tag: 'admin',
    summary: 'Revoke an enrolment token (devices already enrolled stay)',
    auth: 'user',
    permission: 'admin.devices',
    params: z.object({ id: z.string().max(100) }),
    status: 204,
    response: z.null(),
    errors: { 404: ['not_found'] },
  },
  'devices.me.company': {
    method: 'GET',
    path: '/api/v1/devices/me/company',
    tag: 'devices',
    summary: 'This device’s company, whether it is managed, and how it joined',
    auth: 'device',
    status: 200,
    response: deviceMembershipSchema,
  },
  'devices.me.enroll': {
    method: 'POST',
    path: '/api/v1/devices/me/enroll',
    tag: 'devices',
    summary: 'Join the company of an enrolment token as a managed device, without anyone signing in',
    auth: 'device',
    body: z.object({ token: z.string().min(1).max(200) }),
    status: 200,
    response: enrollmentResultSchema,
    errors: {
      403: ['enrollment_token_revoked', 'enrollment_token_expired', 'enrollment_token_used_up'],
      404: ['enrollment_token_unknown'],
      409: ['device_of_another_company'],
    },
  },
  'devices.me.joinCompany': {
    method: 'POST',
    path: '/api/v1/devices/me/join-company',
    tag: 'devices',
    summary:
      'Add this device to the signed-in user’s company as an unmanaged device (signed by the device, with the user’s session)',
    auth: 'device+user',
    status: 200,
    response: deviceMembershipSchema,
    errors: { 409: ['device_of_another_company'] },
  },
  'devices.me.leaveCompany': {
    method: 'POST',
    path: '/api/v1/devices/me/leave-company',
    tag: 'devices',
    summary: 'Leave the company: an unmanaged device may on its own; a managed one only by an administrator',
    auth: 'device',
    status: 200,
    response: deviceMembershipSchema,
    errors: { 409: ['managed_device', 'no_company'] },
  },
});

export const managedChannels = endpointChannels(managedRoutes);

/** AC-2, AC-3, DP-2: this computer's company, IT's enrolment, and the QuickSupport module it runs. */
export const managedIpc = defineIpc({
  channels: {
    /** AC-3: the QuickSupport module this host was started with, or null. */
    'app.module': { request: empty, response: quickSupportModuleSchema.nullable() },
    /** AC-2, DP-2: this computer's company, and what became of IT's enrolment token. */
    'company.membership': { request: empty, response: companyMembershipViewSchema },
    /** The signed-in user adds this computer to their company (unmanaged: it may leave again). */
    'company.join': { request: empty, response: companyMembershipViewSchema },
    /** This computer leaves its company; refused for a computer IT enrolled. */
    'company.leave': { request: empty, response: companyMembershipViewSchema },
  },
  events: {
    'company.changed': companyMembershipViewSchema,
  },
});
