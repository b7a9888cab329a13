import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deviceIdSchema } from '../../src-shared/domain/device';
import {
  companyDeviceSchema,
  deviceMembershipSchema,
  enrollmentResultSchema,
  enrollmentTokenCreatedSchema,
  enrollmentTokenRequestSchema,
  enrollmentTokenSchema,
} from '../../src-shared/domain/managedConfig';
import type { AccountStore } from '../accounts/accountStore';
import { requireDevice } from '../auth/deviceAuth';
import { requireUser } from '../auth/userAuth';
import type { CompanyStore } from '../company/companyStore';
import type { JoinRefusal } from '../company/deviceMembership';
import type { DeviceStore } from '../devices/deviceStore';
import { errorBody, sendError } from '../errors';

/** Each refusal with the status it travels with and what the person at the device can do about it. */
const REFUSALS: Record<JoinRefusal | 'managed_device' | 'no_company', { status: 403 | 404 | 409; message: string }> = {
  enrollment_token_unknown: {
    status: 404,
    message: 'This enrolment token is unknown to the cloud endpoint: check that IT copied it completely.',
  },
  enrollment_token_revoked: {
    status: 403,
    message: 'This enrolment token was revoked by the company: ask IT for a current one.',
  },
  enrollment_token_expired: { status: 403, message: 'This enrolment token has expired: ask IT for a new one.' },
  enrollment_token_used_up: {
    status: 403,
    message: 'This enrolment token has been used by as many devices as it allows: ask IT for another one.',
  },
  device_of_another_company: {
    status: 409,
    message: 'This device belongs to another company: it joins this one only after that company lets it go.',
  },
  managed_device: {
    status: 409,
    message: 'IT enrolled this device: only an administrator of the company removes it.',
  },
  no_company: { status: 409, message: 'This device belongs to no company.' },
};
const refuse = (reply: FastifyReply, code: keyof typeof REFUSALS) =>
  sendError(reply, REFUSALS[code].status, code, REFUSALS[code].message);

/**
 * AC-2, DP-2: how devices join and leave a company. A device joins only through what it presents
 * itself — IT's enrolment token, or a signed-in user of the company on it — never because an
 * administrator typed its ID (that let any company take any device and enforce its policy on it).
 */
export const companyDeviceRoutes: FastifyPluginAsyncZod<{
  accounts: AccountStore;
  companies: CompanyStore;
  devices: DeviceStore;
}> = async (app, { accounts, companies, devices }) => {
  const { membership } = companies;
  const admin = { preHandler: requireUser(accounts, 'admin.devices') };
  const device = requireDevice(devices);
  const user = requireUser(accounts);
  /** The device proves itself with its key, the user with their session: both, on one request. */
  const deviceAndUser = async (request: FastifyRequest, reply: FastifyReply) => {
    await device(request, reply);
    if (reply.sent) return reply;
    await user(request, reply);
    if (reply.sent) return reply;
  };

  app.get(
    '/api/v1/admin/devices',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'The company’s devices and how each joined',
        response: { 200: z.object({ devices: z.array(companyDeviceSchema) }) },
      },
    },
    async (request) => ({ devices: membership.devices(request.user!.companyId) }),
  );

  app.delete(
    '/api/v1/admin/devices/:deviceId',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Remove a device from the company, managed or not; its policy no longer applies',
        params: z.object({ deviceId: deviceIdSchema }),
        response: { 204: z.null(), 404: errorBody },
      },
    },
    async (request, reply) =>
      membership.removeDevice(request.user!.companyId, request.params.deviceId)
        ? reply.status(204).send(null)
        : sendError(reply, 404, 'not_found', 'No such device in your company.'),
  );

  app.get(
    '/api/v1/admin/enrollment-tokens',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Enrolment tokens for managed configuration (DP-2)',
        response: { 200: z.object({ tokens: z.array(enrollmentTokenSchema) }) },
      },
    },
    async (request) => ({ tokens: membership.enrollmentTokens(request.user!.companyId) }),
  );

  app.post(
    '/api/v1/admin/enrollment-tokens',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Create an enrolment token (shown this once): devices configured with it join as managed devices',
        body: enrollmentTokenRequestSchema,
        response: { 201: enrollmentTokenCreatedSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(membership.createEnrollmentToken(request.user!.companyId, request.body)),
  );

  app.delete(
    '/api/v1/admin/enrollment-tokens/:id',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Revoke an enrolment token (devices already enrolled stay)',
        params: z.object({ id: z.string().max(100) }),
        response: { 204: z.null(), 404: errorBody },
      },
    },
    async (request, reply) =>
      membership.revokeEnrollmentToken(request.user!.companyId, request.params.id)
        ? reply.status(204).send(null)
        : sendError(reply, 404, 'not_found', 'No such enrolment token in your company.'),
  );

  app.get(
    '/api/v1/devices/me/company',
    {
      preHandler: device,
      schema: {
        tags: ['devices'],
        summary: 'This device’s company, whether it is managed, and how it joined',
        response: { 200: deviceMembershipSchema },
      },
    },
    async (request) => membership.membership(request.deviceId!),
  );

  app.post(
    '/api/v1/devices/me/enroll',
    {
      preHandler: device,
      schema: {
        tags: ['devices'],
        summary: 'Join the company of an enrolment token as a managed device, without anyone signing in',
        body: z.object({ token: z.string().min(1).max(200) }),
        response: { 200: enrollmentResultSchema, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const result = membership.enroll(request.deviceId!, request.body.token);
      return typeof result === 'string' ? refuse(reply, result) : result;
    },
  );

  app.post(
    '/api/v1/devices/me/join-company',
    {
      preHandler: deviceAndUser,
      schema: {
        tags: ['devices'],
        summary:
          'Add this device to the signed-in user’s company as an unmanaged device (signed by the device, with the user’s session)',
        response: { 200: deviceMembershipSchema, 409: errorBody },
      },
    },
    async (request, reply) => {
      const refused = membership.joinThroughUser(request.deviceId!, request.user!.companyId, request.user!.email);
      return refused ? refuse(reply, refused) : membership.membership(request.deviceId!);
    },
  );

  app.post(
    '/api/v1/devices/me/leave-company',
    {
      preHandler: device,
      schema: {
        tags: ['devices'],
        summary: 'Leave the company: an unmanaged device may on its own; a managed one only by an administrator',
        response: { 200: deviceMembershipSchema, 409: errorBody },
      },
    },
    async (request, reply) => {
      const refused = membership.leave(request.deviceId!);
      return refused ? refuse(reply, refused) : membership.membership(request.deviceId!);
    },
  );
};
