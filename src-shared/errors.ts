import { z } from 'zod';

/**
 * Every error code Tandem answers, whichever part answers it: the cloud endpoint's REST API and
 * signaling hub, the main core (IPC, sessions) and the bridge. One list, so a code nobody can
 * translate fails the typecheck (each code has an English and a German text in
 * `errors.en.ts` / `errors.de.ts`). The message carried alongside is for logs and developers; the
 * UI shows the catalogue's text for the code.
 */
export const errorCodeSchema = z.enum([
  // ---- IPC and the bridge ----------------------------------------------------------------
  'invalid_request',
  'invalid_response',
  'invalid_frame',
  'unknown_channel',
  /** The web console cannot do this (edit, delete or export summaries, sync): it needs the desktop app. */
  'desktop_only',
  'forbidden_sender',
  'unauthorized',
  'transport_closed',
  'timeout',
  'database_too_new',
  'consent_required',
  'internal',
  // ---- reaching the cloud endpoint --------------------------------------------------------
  'cloud_unreachable',
  /** The address answers, but not as a Tandem cloud endpoint. */
  'not_an_endpoint',
  /** An instance of the endpoint cannot reach its database or Redis (`/readyz`). */
  'not_ready',
  /** IT (or the command line) set the company's endpoint: Settings cannot change it. */
  'endpoint_fixed',
  'signed_out',
  'forbidden',
  'not_found',
  /** Too many attempts of one kind from this device or network in a short time; wait, then retry. */
  'rate_limited',
  // ---- accounts and sign-in (AC-1) --------------------------------------------------------
  'wrong_credentials',
  'totp_required',
  'wrong_totp',
  'account_disabled',
  /** The address signs in to more than one company with this password: the user picks one. */
  'choose_company',
  /** Too many failed sign-ins to this account from many places: only password plus TOTP gets in. */
  'sign_in_ceiling',
  'reauthentication_failed',
  'already_set_up',
  'invalid_setup_token',
  /** Account changes need a person's sign-in session, not an API token. */
  'session_required',
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
  /** A role still held by users cannot be removed: give them another role first. */
  'role_in_use',
  // ---- devices and companies (AC-2, DP-2) -------------------------------------------------
  'id_taken',
  /** The device's signed request was seen before (a replay); `device_clock_skew`: its clock is too far off. */
  'replayed_request',
  'device_clock_skew',
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
  'audit_gap',
  'audit_broken',
  // ---- Insights, credits, integrations, updates -------------------------------------------
  /** SI-11: the company has no AI credits left. */
  'no_credits',
  'summary_exists',
  'connector_secret_required',
  'updates_not_configured',
  'feed_invalid',
  // ---- the signaling hub ------------------------------------------------------------------
  'invalid_message',
  'unauthenticated',
  'partner_offline',
  'unknown_request',
  'code_unknown',
  'code_expired',
  'busy',
  /** The endpoint holds as many live session codes as it allows (RS-3). */
  'codes_exhausted',
  'payload_too_large',
  // ---- Live View (LV-1 … LV-4) ------------------------------------------------------------
  /** No open help session of the supporter's company has this ID (a wrong ID, or one that ended or expired). */
  'help_code_unknown',
  /** The device's help session ended (stopped, expired, or silent too long): ask for help anew. */
  'help_session_ended',
  /** A Live View subscription ticket that this endpoint did not sign for this device (forged, altered, another device's). */
  'liveview_ticket_invalid',
  /** A Live View subscription ticket past its few minutes: the app asks for a new one. */
  'liveview_ticket_expired',
  // ---- a supporter's connection attempt (sessions) ----------------------------------------
  'wrong_password',
  'locked',
  'permanent_locked',
  'denied',
  'verification_failed',
  'no_password',
  /** The host no longer accepts this device's remembered password (forgotten there, or its permanent password changed). */
  'remembered_password_refused',
  // ---- a running session ------------------------------------------------------------------
  /** RS-5: a screen the end user's computer does not share (or no longer has). */
  'screen_unknown',
  /** RS-5: only a supporter with control may switch the screen they see. */
  'screen_needs_control',
  // ---- connecting to a help session (LV-2, LV-3) ------------------------------------------
  /** A help connection grant this endpoint did not sign for this device (forged, altered, another device's). */
  'help_grant_invalid',
  /** A help connection grant past its minute: the app asks for a new one. */
  'help_grant_expired',
  /** The help session asked for is no longer open (ended, expired, silent) or not of the supporter's company. */
  'help_session_gone',
  /** The end user declined the supporter's help connection. */
  'help_request_denied',
  /** Nobody answered the help connection's prompt in time. */
  'help_request_unanswered',
  // ---- video sessions (VS-1 … VS-7) ---------------------------------------------------------
  /** No enabled device of any company has this device code (mistyped, replaced, or the device was disabled). */
  'video_code_unknown',
  // ---- Get help (LV-2, the end user's side) -------------------------------------------------
  /** Asking for help needs this computer registered with a company (IT's enrolment, or added by a signed-in user). */
  'help_needs_company',
  // ---- video sessions: code users and tickets (VS-1, issue 16) ------------------------------
  /** A code user's token no longer counts: the device was disabled or its code replaced. */
  'video_code_user_revoked',
  /** A message on a closed ticket: reopen it (employees), or open a new one. */
  'video_ticket_closed',
  // ---- video sessions: requests, status, the call (VS-2 … VS-5, VS-7) -----------------------
  /** The session's status does not allow this change (VS-4): the answer names the status it is in. */
  'video_transition_forbidden',
  /** Only the session's assigned employees may do this (VS-7). */
  'video_not_assigned',
  /** The company takes no video session requests for this device (VS-2). */
  'video_requests_not_allowed',
  /** An assignee is no enabled employee of the company with `video.conduct`. */
  'video_assignee_invalid',
  /** A call can start only once the session is CONFIRMED (or rejoin while IN PROGRESS). */
  'video_call_not_ready',
  /** This side of the call is already in it from another window or device. */
  'video_call_busy',
  /** A screenshot's picture or drawing is larger than the endpoint keeps (VS-6). */
  'video_screenshot_too_large',
  /** A screenshot's picture is no PNG or JPEG, or its drawing no Yjs update (VS-6). */
  'video_screenshot_invalid',
  /** VS-6: the recording is not uploaded (and checked) yet. */
  'video_recording_not_ready',
  /** VS-6: an upload for a recording that never ran with everyone's consent, or by someone else than its recorder. */
  'video_recording_no_consent',
  /** VS-6: the uploaded bytes do not hash to the SHA-256 the recorder declared. */
  'video_recording_checksum',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Codes whose text says how long to wait: their texts carry the `{{wait}}` placeholder. */
export const WAIT_CODES = [
  'rate_limited',
  'sign_in_ceiling',
  'locked',
  'permanent_locked',
] as const satisfies readonly ErrorCode[];

export const errorIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});

export const errorShapeSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  issues: z.array(errorIssueSchema).optional(),
  /** When trying again makes sense only after a while: how long to wait. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type ErrorShape = z.infer<typeof errorShapeSchema>;

/**
 * The endpoint's error body as a client reads it: the code stays a plain string here, so an
 * endpoint newer than the app (with a code this app does not know) still yields its message, and
 * the client falls back by HTTP status.
 */
export const endpointErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  retryAfterMs: z.number().int().nonnegative().optional(),
});

/** An error the user can act on: a stable code plus a message for the log. */
export class TandemError extends Error {
  override readonly name = 'TandemError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorShape['issues'],
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  toShape(): ErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }

  static fromShape(shape: ErrorShape): TandemError {
    return new TandemError(shape.code, shape.message, shape.issues, shape.retryAfterMs);
  }
}

/** Flattens zod issues into `path: message` pairs that survive any transport. */
export function issuesFromZod(error: z.ZodError): NonNullable<ErrorShape['issues']> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
