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
  /** DP-2: IT's enrolment token is not known to the endpoint. */
  'enrollment_token_unknown',
  'enrollment_token_expired',
  'enrollment_token_revoked',
  /** DP-2: the token has been used by as many devices as it allows. */
  'enrollment_token_used_up',
  /** AC-2: the device belongs to another company, which has to let it go first. */
  'device_of_another_company',
  /** AC-2: IT enrolled this device; only the company's administrators remove it. */
  'managed_device',
  /** AC-2: the device belongs to no company. */
  'no_company',
  /** SI-7: a role, user or token would get a permission the acting administrator does not hold. */
  'permission_not_held',
  /** SI-7: the user (or role) holds permissions the acting administrator does not hold. */
  'user_outranks_you',
  'role_outranks_you',
  /** The company would be left without an enabled user who can manage users. */
  'last_administrator',
  /** An administrator cannot disable or remove their own account. */
  'cannot_change_yourself',
  'email_taken',
  'role_name_taken',
  /** Account changes need a person's sign-in session, not an API token. */
  'session_required',
  /** Too many attempts of one kind from this device or network in a short time; wait, then retry. */
  'rate_limited',
  /** The endpoint holds as many live session codes as it allows (RS-3). */
  'codes_exhausted',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/**
 * Refusals the cloud endpoint names precisely: a client keeps these codes as they are instead of
 * deriving a generic one from the HTTP status, so the user reads what to do.
 */
export const ENDPOINT_REFUSAL_CODES: readonly ErrorCode[] = [
  'no_credits',
  'enrollment_token_unknown',
  'enrollment_token_expired',
  'enrollment_token_revoked',
  'enrollment_token_used_up',
  'device_of_another_company',
  'managed_device',
  'no_company',
  'permission_not_held',
  'user_outranks_you',
  'role_outranks_you',
  'last_administrator',
  'cannot_change_yourself',
  'email_taken',
  'role_name_taken',
  'session_required',
];

/** The endpoint's error code when it is one of those precise refusals, else null. */
export function endpointRefusal(code: string | undefined): ErrorCode | null {
  return ENDPOINT_REFUSAL_CODES.find((known) => known === code) ?? null;
}

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
