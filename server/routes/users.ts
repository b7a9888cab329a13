import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountAuditEntrySchema,
  adminUserSchema,
  newUserSchema,
  roleChangeSchema,
  roleSchema,
} from '../../src-shared/domain/accounts';
import type { AccountAudit } from '../accounts/accountAudit';
import type { AccountStore } from '../accounts/accountStore';
import { AccountAdminError, type UserAdmin } from '../accounts/userAdmin';
import { requireUser } from '../auth/userAuth';
import { errorBody, sendError } from '../errors';

const created = z.object({ id: z.string() });
const userParams = z.object({ userId: z.string().max(100) });
const refusals = { 403: errorBody, 404: errorBody, 409: errorBody };

/** Answers a refusal of the user administration; anything else is a real failure. */
function refused(reply: FastifyReply, error: unknown) {
  if (!(error instanceof AccountAdminError)) throw error;
  return sendError(reply, error.status, error.code, error.message);
}

/**
 * AC-1, SI-7: the company's users and roles. Reading needs *admin.users*; every change also needs
 * a person's sign-in session (an API token cannot create accounts that would outlive it).
 */
export const userRoutes: FastifyPluginAsyncZod<{
  accounts: AccountStore;
  admin: UserAdmin;
  audit: AccountAudit;
}> = async (app, { accounts, admin, audit }) => {
  const reads = { preHandler: requireUser(accounts, 'admin.users') };
  const changes = { preHandler: requireUser(accounts, 'admin.users', { sessionOnly: true }) };

  app.get(
    '/api/v1/admin/users',
    {
      ...reads,
      schema: {
        tags: ['admin'],
        summary: 'Users of the company',
        response: { 200: z.object({ users: z.array(adminUserSchema) }) },
      },
    },
    async (request) => ({ users: accounts.listUsers(request.user!.companyId) }),
  );

  app.post(
    '/api/v1/admin/users',
    {
      ...changes,
      schema: {
        tags: ['admin'],
        summary: 'Add a user to the company, with a role that holds nothing you do not',
        body: newUserSchema,
        response: { 201: created, ...refusals },
      },
    },
    async (request, reply) => {
      try {
        return reply.status(201).send({ id: await admin.createUser(request.user!, request.body) });
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  app.put(
    '/api/v1/admin/users/log-sessions',
    {
      ...changes,
      schema: {
        tags: ['admin'],
        summary: 'Log sessions for connection reporting (SI-6), for many users at once',
        body: z.object({ userIds: z.array(z.string()).min(1).max(10_000), value: z.boolean() }),
        response: { 200: z.object({ changed: z.number() }) },
      },
    },
    async (request) => ({ changed: admin.setLogSessions(request.user!, request.body.userIds, request.body.value) }),
  );

  app.put(
    '/api/v1/admin/users/:userId/role',
    {
      ...changes,
      schema: {
        tags: ['admin'],
        summary: 'Give a user another role',
        params: userParams,
        body: z.object({ roleId: z.string().min(1).max(100) }),
        response: { 204: z.null(), ...refusals },
      },
    },
    async (request, reply) => {
      try {
        admin.changeRole(request.user!, request.params.userId, request.body.roleId);
        return reply.status(204).send(null);
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  app.put(
    '/api/v1/admin/users/:userId/disabled',
    {
      ...changes,
      schema: {
        tags: ['admin'],
        summary: 'Disable a user (every session and API token of theirs ends) or enable them again',
        params: userParams,
        body: z.object({ disabled: z.boolean() }),
        response: { 204: z.null(), ...refusals },
      },
    },
    async (request, reply) => {
      try {
        admin.setDisabled(request.user!, request.params.userId, request.body.disabled);
        return reply.status(204).send(null);
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  app.delete(
    '/api/v1/admin/users/:userId',
    {
      ...changes,
      schema: {
        tags: ['admin'],
        summary: 'Remove a user with their sessions and API tokens',
        params: userParams,
        response: { 204: z.null(), ...refusals },
      },
    },
    async (request, reply) => {
      try {
        admin.remove(request.user!, request.params.userId);
        return reply.status(204).send(null);
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  app.post(
    '/api/v1/admin/users/:userId/revoke-sessions',
    {
      ...changes,
      schema: {
        tags: ['admin'],
        summary: 'Sign a user out everywhere: every session and API token of theirs is revoked at once',
        params: userParams,
        response: { 204: z.null(), ...refusals },
      },
    },
    async (request, reply) => {
      try {
        admin.revokeSessions(request.user!, request.params.userId);
        return reply.status(204).send(null);
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  app.get(
    '/api/v1/admin/roles',
    {
      ...reads,
      schema: {
        tags: ['admin'],
        summary: 'The company’s roles',
        response: { 200: z.object({ roles: z.array(roleSchema) }) },
      },
    },
    async (request) => ({ roles: accounts.listRoles(request.user!.companyId) }),
  );

  app.post(
    '/api/v1/admin/roles',
    {
      ...changes,
      schema: {
        tags: ['admin'],
        summary: 'A role with permissions you hold yourself (SI-7)',
        body: roleChangeSchema,
        response: { 201: created, ...refusals },
      },
    },
    async (request, reply) => {
      try {
        return reply
          .status(201)
          .send({ id: admin.createRole(request.user!, request.body.name, request.body.permissions) });
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  app.put(
    '/api/v1/admin/roles/:roleId',
    {
      ...changes,
      schema: {
        tags: ['admin'],
        summary: 'Rename a role or change its permissions (only within what you hold)',
        params: z.object({ roleId: z.string().max(100) }),
        body: roleChangeSchema,
        response: { 204: z.null(), ...refusals },
      },
    },
    async (request, reply) => {
      try {
        admin.updateRole(request.user!, request.params.roleId, request.body.name, request.body.permissions);
        return reply.status(204).send(null);
      } catch (error) {
        return refused(reply, error);
      }
    },
  );

  app.get(
    '/api/v1/admin/account-audit',
    {
      ...reads,
      schema: {
        tags: ['admin'],
        summary: 'Who changed which role or user, and when (newest first)',
        response: { 200: z.object({ entries: z.array(accountAuditEntrySchema) }) },
      },
    },
    async (request) => ({ entries: audit.list(request.user!.companyId) }),
  );
};
