import type { FastifyInstance, FastifyReply } from 'fastify';
import { managedRoutes as routes } from '../../src-shared/managed/contract';
import type { JoinRefusal } from '../company/deviceMembership';
import { sendError } from '../errors';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';

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
 * AC-2, DP-2: how devices join and leave a company, as `src-shared/managed/contract.ts` declares
 * it: through IT's enrolment token or a signed-in user on the device, never by an administrator
 * typing its ID.
 */
export function serveManaged(
  app: FastifyInstance,
  { guards, companies, hub }: Pick<EndpointServices, 'guards' | 'companies' | 'hub'>,
) {
  const { membership } = companies;

  serve(app, routes['admin.devices.list'], guards, async (request) => {
    const devices = await membership.devices(request.user!.companyId);
    // Online on this instance or another one (the hub's shared routes).
    const online = await hub.online(devices.map((device) => device.deviceId));
    return { devices: devices.map((device) => ({ ...device, online: online.has(device.deviceId) })) };
  });

  serve(app, routes['admin.devices.remove'], guards, async (request, reply) =>
    (await membership.removeDevice(request.user!.companyId, request.params.deviceId))
      ? null
      : sendError(reply, 404, 'not_found', 'No such device in your company.'),
  );

  serve(app, routes['admin.enrollmentTokens.list'], guards, async (request) => ({
    tokens: await membership.enrollmentTokens(request.user!.companyId),
  }));

  serve(app, routes['admin.enrollmentTokens.create'], guards, (request) =>
    membership.createEnrollmentToken(request.user!.companyId, request.body),
  );

  serve(app, routes['admin.enrollmentTokens.revoke'], guards, async (request, reply) =>
    (await membership.revokeEnrollmentToken(request.user!.companyId, request.params.id))
      ? null
      : sendError(reply, 404, 'not_found', 'No such enrolment token in your company.'),
  );

  serve(app, routes['devices.me.company'], guards, (request) => membership.membership(request.deviceId!));

  serve(app, routes['devices.me.enroll'], guards, async (request, reply) => {
    const result = await membership.enroll(request.deviceId!, request.body.token);
    return typeof result === 'string' ? refuse(reply, result) : result;
  });

  serve(app, routes['devices.me.joinCompany'], guards, async (request, reply) => {
    const refused = await membership.joinThroughUser(request.deviceId!, request.user!.companyId, request.user!.email);
    return refused ? refuse(reply, refused) : membership.membership(request.deviceId!);
  });

  serve(app, routes['devices.me.leaveCompany'], guards, async (request, reply) => {
    const refused = await membership.leave(request.deviceId!);
    return refused ? refuse(reply, refused) : membership.membership(request.deviceId!);
  });
}
