import type { ErrorCode } from './errors';

/**
 * English text for every error code: what happened and what the user can do about it. Codes in
 * `WAIT_CODES` say how long to wait through `{{wait}}` (the UI formats `retryAfterMs`). German
 * (`errors.de.ts`) has the same keys and placeholders; a unit test checks.
 */
export const errorsEn = {
  generic: 'Something went wrong. Please try again.',
  // IPC and the bridge
  invalid_request: 'Tandem could not process that request. Please check your input.',
  invalid_response: 'Tandem received an answer it cannot read. Update Tandem, or ask your IT department.',
  invalid_frame: 'Tandem’s core received a malformed message. Reload this window.',
  unknown_channel: 'This window asked Tandem’s core for something it does not offer. Update Tandem and reload.',
  desktop_only: 'The web console only reads this. Use the Tandem desktop app to change, delete or export it.',
  forbidden_sender: 'Only Tandem’s own window may talk to Tandem’s core. Open it again from Tandem.',
  unauthorized: 'This window is not allowed to talk to Tandem’s core. Open it again from Tandem.',
  transport_closed: 'The connection to Tandem’s core was lost.',
  timeout: 'Tandem’s core took too long to answer. Please try again.',
  database_too_new: 'Tandem’s data was written by a newer version of Tandem. Install that version again.',
  consent_required: 'This needs the consent of the person at the computer first.',
  internal: 'Something failed inside Tandem or its cloud endpoint; the details are in the log. Please try again.',
  // Reaching the cloud endpoint
  cloud_unreachable: 'Your company’s cloud endpoint is not reachable. Check the network and try again.',
  not_an_endpoint:
    'Something answers at this address, but it is not a Tandem cloud endpoint. Check the address with your IT department.',
  not_ready: 'Your company’s cloud endpoint cannot reach its own storage right now. Try again in a few minutes.',
  endpoint_fixed: 'Your IT department set the company’s cloud endpoint on this computer; it cannot be changed here.',
  signed_out: 'Sign in with your company account first (Settings).',
  forbidden: 'Your role does not allow this. Ask your company’s administrator for the permission.',
  not_found: 'This no longer exists; it may have been deleted on another device.',
  rate_limited: 'Too many attempts from this computer or network. Wait {{wait}}, then try again.',
  // Accounts and sign-in
  wrong_credentials: 'The e-mail address or password is not correct. Check both and try again.',
  totp_required: 'This account uses a second factor: enter the 6-digit code from your authenticator app.',
  wrong_totp: 'The authenticator code is not correct or has expired. Enter the current code.',
  account_disabled: 'Your account is disabled. Ask your company’s administrator to enable it.',
  choose_company:
    'This e-mail address and password sign in to more than one company. Choose the company, then sign in again.',
  sign_in_ceiling:
    'This account had too many failed sign-ins. Sign in with your password and your authenticator code, or wait {{wait}}.',
  reauthentication_failed: 'Your current password (or authenticator code) is not correct. Enter it again.',
  already_set_up: 'This cloud endpoint already has a company. Sign in with its account instead.',
  invalid_setup_token:
    'The setup token is not correct or was already used. Find the current one in the endpoint’s data folder.',
  session_required: 'This needs a person signed in with their password; an API token cannot do it.',
  permission_not_held:
    'You cannot grant a permission your own role does not hold. Choose fewer permissions, or ask an administrator who holds them.',
  user_outranks_you:
    'This user holds permissions your role does not. Only an administrator who holds them can change this account.',
  role_outranks_you:
    'This role holds permissions your role does not. Only an administrator who holds them can change it.',
  last_administrator:
    'This would leave your company without an active user who can manage users. Give another user that permission first.',
  cannot_change_yourself: 'You cannot disable or remove your own account. Ask another administrator.',
  email_taken: 'Your company already has a user with this e-mail address.',
  role_name_taken: 'Your company already has a role with this name. Choose another name.',
  role_in_use:
    'Users still hold this role, so it cannot be removed. Give each of them another role under Users first, then remove it.',
  // Devices and companies
  id_taken: 'This device ID belongs to another device. Restart Tandem so it chooses another ID.',
  replayed_request: 'The cloud endpoint received this request twice and refused the copy. Please try again.',
  device_clock_skew: 'This computer’s clock is far off. Set the date and time correctly, then try again.',
  enrollment_token_unknown:
    'The cloud endpoint does not know this enrolment token. Ask your IT department to check that it was copied completely.',
  enrollment_token_expired: 'The enrolment token has expired. Ask your IT department for a new one.',
  enrollment_token_revoked: 'Your company revoked this enrolment token. Ask your IT department for a current one.',
  enrollment_token_used_up:
    'The enrolment token has been used by as many devices as it allows. Ask your IT department for another one.',
  device_of_another_company:
    'This computer belongs to another company. It joins this one only after that company removes it (or it leaves, if unmanaged).',
  managed_device: 'Your IT department enrolled this computer: only your company’s administrators can remove it.',
  no_company: 'This computer belongs to no company.',
  audit_gap: 'The cloud endpoint is missing earlier entries of this computer’s audit log. Tandem sends them again.',
  audit_broken: 'This computer’s audit log does not match what the cloud endpoint holds. Ask your IT department.',
  // Insights, credits, integrations, updates
  no_credits: 'Your company has no AI credits left this month. Ask your administrator, or use the built-in summary.',
  summary_exists: 'This session’s summary was already handed in, so its credit was spent and is not refunded.',
  connector_secret_required:
    'The instance address changed: enter the password or access token for the new address again.',
  updates_not_configured: 'Your company’s cloud endpoint does not offer updates. Ask your IT department.',
  feed_invalid: 'The update published on your company’s cloud endpoint is invalid. Ask your IT department.',
  // The signaling hub
  invalid_message: 'The cloud endpoint did not understand a message from this computer. Update Tandem.',
  unauthenticated: 'This computer is not signed in to the cloud endpoint yet. Wait a moment, then try again.',
  partner_offline: 'This partner is not online. Check the ID, and that Tandem is running there.',
  unknown_request: 'This connection request no longer exists. Start a new one.',
  code_unknown: 'No session uses this code. Check the digits.',
  code_expired: 'This session code has expired. Ask for a new one.',
  busy: 'Your partner’s computer is already in a session.',
  codes_exhausted:
    'Your company’s cloud endpoint cannot hand out more session codes right now. Try again in a few minutes, or connect by ID and password.',
  payload_too_large: 'This message is too large for the cloud endpoint. Send less at once.',
  // Live View
  help_code_unknown:
    'No one in your company is asking for help with this ID right now. Check the digits, or ask for the ID shown now: it changes when a help request ends or expires.',
  help_session_ended: 'Your help request has ended. Click Get help again if you still need help.',
  liveview_ticket_invalid:
    'The Live View could not be opened on this computer. Sign in again; if it keeps happening, restart Tandem.',
  liveview_ticket_expired: 'The Live View stopped updating. It reconnects by itself; if it does not, open it again.',
  // A supporter's connection attempt
  wrong_password: 'The password is not correct. Check it with your partner and try again.',
  locked: 'Too many failed attempts. Your partner’s computer accepts new attempts in {{wait}}.',
  permanent_locked:
    'If you used the permanent password for unattended access: it had too many attempts and works again in {{wait}}. Until then, use the one-time password your partner sees.',
  denied: 'Your partner declined the connection.',
  verification_failed:
    'The partner’s computer could not prove it knows the password. The connection was stopped for your safety.',
  no_password: 'Your partner’s computer has no password for this kind of connection.',
  remembered_password_refused: 'This computer no longer accepts the remembered password — enter the password again.',
  // A running session
  screen_unknown: 'Your partner’s computer does not share that screen (any more). Choose one from the Screen menu.',
  screen_needs_control:
    'Switching screens needs control of your partner’s computer; this session is view only right now.',
  // Connecting to a help session
  help_grant_invalid: 'This computer cannot use that help connection. Look the help session up again and connect.',
  help_grant_expired: 'Connecting took too long. Look the help session up again and connect.',
  help_session_gone:
    'This help request is no longer open: the person stopped asking for help, or it expired. Ask them for the ID shown now.',
  help_request_denied: 'The person who asked for help declined your connection.',
  help_request_unanswered: 'The person who asked for help did not answer in time. Try again, or call them.',
  // Video sessions
  video_code_unknown:
    'This device code is not known. Check it against the label or message you received, or ask the service provider for the current one.',
  // Get help
  help_needs_company:
    'To ask for help, this computer must belong to your company. Ask your IT department to enrol it, or sign in with your company account and add it under Settings → Company account.',
  // Video sessions: code users and tickets
  video_code_user_revoked:
    'Your access to this device has ended: the device was disabled or its code was replaced. Enter the current code to continue, or ask the service provider for it.',
  video_ticket_closed:
    'This ticket is closed, so no more messages can be added. Open a new ticket, or ask the service provider to reopen this one.',
  // Video sessions: requests, status, the call
  video_transition_forbidden:
    'This session has moved on meanwhile, so this step is no longer possible. Reload it to see its current status.',
  video_not_assigned:
    'Only the employees assigned to this video session may do this. Ask someone who manages video sessions to assign you.',
  video_requests_not_allowed:
    'The service provider does not take video session requests for this device. Write in a ticket instead, or contact them directly.',
  video_assignee_invalid:
    'Everyone assigned must be an active employee of your company allowed to conduct video sessions. Check the chosen people.',
  video_call_not_ready:
    'The call cannot start yet: the session must be confirmed first. If it was just confirmed, try again.',
  video_call_busy:
    'You are already in this call in another window or on another device. Close it there, then join here.',
  video_screenshot_too_large:
    'The screenshot or its drawings are too large to save. Take the screenshot again, or draw less on it.',
  video_screenshot_invalid:
    'The screenshot could not be read: it is no PNG or JPEG picture, or its drawings are damaged.',
  video_recording_not_ready:
    'This recording has not been uploaded yet. The employee’s Tandem app uploads it after the call; try again once it shows as ready.',
  video_recording_no_consent:
    'This recording cannot be uploaded: not everyone in the call agreed to it, or you are not the one who recorded it.',
  video_recording_checksum:
    'The uploaded recording does not match the file that was recorded (its SHA-256 differs). Tandem uploads it again from the start.',
} as const satisfies Record<ErrorCode | 'generic', string>;

/** The shape every language's error texts have: one text per code, plus `generic`. */
export type ErrorTexts = Record<keyof typeof errorsEn, string>;
