import type { FastifyInstance, FastifyReply } from 'fastify';
import { accountRoutes as routes } from '../../src-shared/accounts/contract';
import { sendError } from '../errors';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';
import { AccountAdminError, UserAdmin } from './userAdmin';

/** Answers a refusal of the user administration; anything else is a real failure. */
function refused(reply: FastifyReply, error: unknown) {
  if (!(error instanceof AccountAdminError)) throw error;
  return sendError(reply, error.status, error.code, error.message);
}

/** Runs a change of the user administration: its refusal becomes the route's answer. */
async function attempt<T>(reply: FastifyReply, change: () => T | Promise<T>): Promise<T | FastifyReply> {
  try {
    return await change();
  } catch (error) {
    return refused(reply, error);
  }
}

/**
 * AC-1, SI-7: the company's users and roles, as `src-shared/accounts/contract.ts` declares them.
 * Reading needs *admin.users*; every change also needs a person's sign-in session.
 */
export function serveUsers(
  app: FastifyInstance,
  {
    guards,
    data,
    accounts,
    accountAudit: audit,
  }: Pick<EndpointServices, 'guards' | 'data' | 'accounts' | 'accountAudit'>,
) {
  const admin = new UserAdmin(data, accounts, audit);

  serve(app, routes['admin.users.list'], guards, async (request) => ({
    users: await accounts.listUsers(request.user!.companyId),
  }));

  serve(app, routes['admin.users.create'], guards, (request, reply) =>
    attempt(reply, async () => ({ id: await admin.createUser(request.user!, request.body) })),
  );

  serve(app, routes['admin.users.setLogging'], guards, async (request) => ({
    changed: await admin.setLogSessions(request.user!, request.body.userIds, request.body.value),
  }));

  serve(app, routes['admin.users.setRole'], guards, (request, reply) =>
    attempt(reply, async () => {
      await admin.changeRole(request.user!, request.params.userId, request.body.roleId);
      return null;
    }),
  );

  serve(app, routes['admin.users.setDisabled'], guards, (request, reply) =>
    attempt(reply, async () => {
      await admin.setDisabled(request.user!, request.params.userId, request.body.disabled);
      return null;
    }),
  );

  serve(app, routes['admin.users.remove'], guards, (request, reply) =>
    attempt(reply, async () => {
      await admin.remove(request.user!, request.params.userId);
      return null;
    }),
  );

  serve(app, routes['admin.users.revokeSessions'], guards, (request, reply) =>
    attempt(reply, async () => {
      await admin.revokeSessions(request.user!, request.params.userId);
      return null;
    }),
  );

  serve(app, routes['admin.roles.list'], guards, async (request) => ({
    roles: await accounts.listRoles(request.user!.companyId),
  }));

  serve(app, routes['admin.roles.create'], guards, (request, reply) =>
    attempt(reply, async () => ({
      id: await admin.createRole(request.user!, request.body.name, request.body.permissions),
    })),
  );

  serve(app, routes['admin.roles.update'], guards, (request, reply) =>
    attempt(reply, async () => {
      await admin.updateRole(request.user!, request.params.roleId, request.body.name, request.body.permissions);
      return null;
    }),
  );

  serve(app, routes['admin.roles.remove'], guards, (request, reply) =>
    attempt(reply, async () => {
      await admin.removeRole(request.user!, request.params.roleId);
      return null;
    }),
  );

  serve(app, routes['admin.accountAudit'], guards, async (request) => ({
    entries: await audit.list(request.user!.companyId),
  }));
}
