import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../src-shared/domain/accounts';
import type { AccountStore, UserRecord } from '../accounts/accountStore';
import type { ErrorCode } from '../../src-shared/errors';
import { sendError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, once `requireUser` has run. */
    user?: UserRecord;
  }
}

const refuse = (reply: FastifyReply, status: 401 | 403, code: ErrorCode, message: string) =>
  sendError(reply, status, code, message);

/**
 * A preHandler: a valid bearer token, and — where named — the permission the route needs.
 * `sessionOnly` routes change accounts and credentials (users, roles, TOTP, API tokens): they take
 * a person's sign-in session, never an API token, so nothing a token does outlives its revocation.
 */
export function requireUser(accounts: AccountStore, permission?: Permission, options: { sessionOnly?: boolean } = {}) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : null;
    const user = token ? await accounts.resolveToken(token) : null;
    if (!user)
      return refuse(reply, 401, 'unauthorized', 'Sign in first (or again: the session expired or was revoked).');
    if (permission && !user.permissions.includes(permission)) {
      return refuse(reply, 403, 'forbidden', `Your role does not include the permission "${permission}".`);
    }
    if (options.sessionOnly && user.apiTokenId) {
      return refuse(reply, 403, 'session_required', 'Sign in as a person for this; an API token cannot do it.');
    }
    request.user = user;
  };
}
