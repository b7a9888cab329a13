import type { FastifyInstance } from 'fastify';
import { sendError } from '../errors';

/** Whether a request's params, query or body hold the NUL character anywhere (a key or a text). */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000') || holdsNul(inner, depth + 1)) return true;
  }
  return false;
}

/**
 * No text the endpoint takes may hold U+0000: PostgreSQL cannot store it in a text column (it
 * would fail the request with a 500 after the checks passed) and nothing a person types has one.
 * Refused before any route's own validation, on both engines alike.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    if (holdsNul(request.params) || holdsNul(request.query) || holdsNul(request.body)) {
      return sendError(reply, 400, 'invalid_request', 'Text may not contain the NUL character (U+0000).');
    }
  });
}
