import { z } from 'zod';

/**
 * Stable error codes. The UI maps each code to a translated, actionable message; the message
 * carried alongside is for logs and developers, never shown raw to end users.
 */
export const errorCodeSchema = z.enum([
  'invalid_request',
  'invalid_response',
  'invalid_frame',
  'unknown_channel',
  'forbidden_sender',
  'unauthorized',
  'transport_closed',
  'timeout',
  'database_too_new',
  'cloud_unreachable',
  'consent_required',
  'signed_out',
  'forbidden',
  'not_found',
  /** SI-11: the company has no AI credits left. */
  'no_credits',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});

export const errorShapeSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  issues: z.array(errorIssueSchema).optional(),
});
export type ErrorShape = z.infer<typeof errorShapeSchema>;

/** An error the user can act on: a stable code plus a message for the log. */
export class TandemError extends Error {
  override readonly name = 'TandemError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorShape['issues'],
  ) {
    super(message);
  }

  toShape(): ErrorShape {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }

  static fromShape(shape: ErrorShape): TandemError {
    return new TandemError(shape.code, shape.message, shape.issues);
  }
}

/** Flattens zod issues into `path: message` pairs that survive any transport. */
export function issuesFromZod(error: z.ZodError): NonNullable<ErrorShape['issues']> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
