import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorCodeSchema, errorIssueSchema, type ErrorCode, type ErrorShape } from '../src-shared/errors';

/**
 * A refusal's body as routes declare it in their response schemas: the OpenAPI document lists
 * the codes from the one catalogue. Extras (`retryAfterMs`, `companies`) are added with `extend`.
 */
export const errorBody = z.object({ error: z.object({ code: errorCodeSchema, message: z.string() }) });

/** The same, for routes that also name which fields of the request were wrong. */
export const errorBodyWithIssues = z.object({
  error: z.object({ code: errorCodeSchema, message: z.string(), issues: z.array(errorIssueSchema).optional() }),
});

/** What a refusal may carry beside `error`: the wait for `rate_limited`, the companies to choose from. */
export type ErrorExtras = { retryAfterMs?: number; companies?: { id: string; name: string }[] };

/** The body of a refusal: the code comes from the one shared catalogue, so an unknown code fails the typecheck. */
export function errorPayload(code: ErrorCode, message: string, extras: ErrorExtras = {}) {
  return { error: { code, message }, ...extras };
}

/**
 * Every refusal leaves the endpoint through here as `{ error: { code, message }, …extras }`; the
 * client maps the code to the user's language (src-shared/errors.en.ts, errors.de.ts).
 */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  extras: ErrorExtras = {},
): FastifyReply {
  return reply.status(status).send(errorPayload(code, message, extras));
}

/** Every error leaves the API as `{ error: { code, message, issues? } }` — never a stack trace. */
export function apiErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const body: { error: ErrorShape } = {
      error: {
        code: 'invalid_request',
        message: `The request's ${error.validationContext ?? 'input'} does not match the API's schema.`,
        issues: error.validation.map((issue) => ({
          path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)',
          message: issue.message ?? 'invalid',
        })),
      },
    };
    void reply.status(400).send(body);
    return;
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'request failed');
  void sendError(
    reply,
    status,
    status === 500 ? 'internal' : 'invalid_request',
    status === 500 ? 'The cloud endpoint failed; the details are in its log.' : error.message,
  );
}
