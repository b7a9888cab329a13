import { shellEn } from '../shell/i18n.en';
import { hostEn } from '../host/i18n.en';
import { sessionEn } from '../session/i18n.en';
import { insightsEn } from '../insights/i18n.en';
import { settingsEn } from '../settings/i18n.en';
import { adminEn } from '../admin/i18n.en';
import type { Translation } from './translation';

/**
 * The English catalogue: each renderer feature's texts live beside it (`<feature>/i18n.en.ts`) and
 * are listed here, keeping their key paths (`t('insights.title')`). German (`de.ts`) must have
 * exactly these keys; the compiler checks.
 */
export const en = {
  ...shellEn,
  ...hostEn,
  ...sessionEn,
  ...insightsEn,
  ...settingsEn,
  ...adminEn,
  errors: {
    generic: 'Something went wrong. Please try again.',
    invalid_request: 'Tandem could not process that request. Please check your input.',
    transport_closed: 'The connection to Tandem’s core was lost.',
    timeout: 'Tandem’s core took too long to answer. Please try again.',
    unauthorized: 'This window is not allowed to talk to Tandem’s core. Open it again from Tandem.',
    forbidden: 'Your role does not allow this. Ask your company’s administrator for the permission.',
    not_found: 'This no longer exists; it may have been deleted on another device.',
    signed_out: 'Sign in with your company account first (Settings).',
    cloud_unreachable: 'Your company’s cloud endpoint is not reachable. Check the network and try again.',
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
    session_required: 'This needs a person signed in with their password; an API token cannot do it.',
    rate_limited: 'Too many attempts from this computer or network. Wait a minute, then try again.',
    codes_exhausted:
      'Your company’s cloud endpoint cannot hand out more session codes right now. Try again in a few minutes, or connect by ID and password.',
  },
} as const;

export type Catalog = Translation<typeof en>;
