import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorShape } from '../src-shared/errors';

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
  void reply.status(status).send({
    error: {
      code: status === 500 ? 'internal' : 'invalid_request',
      message: status === 500 ? 'The cloud endpoint failed; the details are in its log.' : error.message,
    },
  });
}
