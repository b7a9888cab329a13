import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../errors';

/** What a code user's token stands for (`video.join`): one device of one company. */
export interface CodeUser {
  readonly deviceId: string;
  readonly companyId: string;
}

/** How the guard checks a code user's token: the device it stands for, `revoked`, or null for no such token. */
export interface CodeUserTokens {
  checkCodeUser(token: string): Promise<CodeUser | 'revoked' | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The video code user, once `requireCodeUser` has run. */
    codeUser?: CodeUser;
  }
}

/**
 * A preHandler: the bearer token a code user got from `video.join`. Its own table, so a user's
 * session or API token is never taken here, nor a code user's token where a user's is expected.
 */
export function requireCodeUser(tokens: CodeUserTokens) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : null;
    const found = token ? await tokens.checkCodeUser(token) : null;
    if (found === 'revoked') {
      return sendError(
        reply,
        401,
        'video_code_user_revoked',
        'This code user’s access has ended (the device was disabled or its code replaced): join again with the current code.',
      );
    }
    if (!found) return sendError(reply, 401, 'unauthorized', 'Join with the device’s code first.');
    request.codeUser = found;
  };
}
