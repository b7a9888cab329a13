import { z } from 'zod';
import {
  accountAuditEntrySchema,
  accountStatusSchema,
  adminUserSchema,
  meSchema,
  newUserSchema,
  roleChangeSchema,
  roleSchema,
} from '../domain/accounts';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { defineIpc, empty, ok } from '../ipc/channel';

const email = z.email().max(254);
const totpCode = z
  .string()
  .regex(/^\d{6}$/, 'a TOTP code is 6 digits')
  .optional();
const created = z.object({ id: z.string() });
const userParams = z.object({ userId: z.string().max(100) });

/**
 * AC-1, SI-6, SI-7: setting up the first company, signing in and out, the second factor, who am I;
 * the company's users and roles. Reading users needs *admin.users*; every change also needs a
 * person's sign-in session (an API token cannot create accounts that would outlive it).
 */
export const accountRoutes = defineRoutes({
  'accounts.setup': {
    method: 'POST',
    path: '/api/v1/setup',
    tag: 'accounts',
    summary: 'Create the first company and its administrator (only while there is none), with the setup token',
    description:
      'The endpoint writes a one-time setup token to `setup-token` in its data folder at first start (or takes the operator’s `--setup-token`); it is void once used.',
    auth: 'public',
    body: z.object({
      company: z.string().trim().min(1).max(120),
      name: z.string().trim().min(1).max(120),
      email,
      password: z.string().min(10, 'a password has at least 10 characters').max(200),
      setupToken: z.string().min(1, 'enter the setup token from the endpoint’s data folder').max(200),
    }),
    status: 201,
    response: z.object({ companyId: z.string(), userId: z.string() }),
    errors: { 403: ['invalid_setup_token'], 409: ['already_set_up'] },
  },
  'accounts.signIn': {
    method: 'POST',
    path: '/api/v1/auth/sign-in',
    tag: 'accounts',
    summary: 'Sign in with e-mail and password (and a TOTP code where set up)',
    description:
      'Failed attempts slow down each source with each address, and each source overall. Past a ceiling of failures for one address from anywhere, only the right password together with the right TOTP code signs in.',
    auth: 'public',
    body: z.object({
      email,
      password: z.string().max(200),
      totp: totpCode,
      /** Only needed when the address has an account with this password in more than one company. */
      companyId: z.string().max(100).optional(),
    }),
    status: 200,
    response: z.object({ token: z.string(), expiresAt: z.iso.datetime() }),
    errors: {
      401: ['wrong_credentials', 'totp_required', 'wrong_totp'],
      403: ['account_disabled'],
      409: ['choose_company'],
      429: ['rate_limited', 'sign_in_ceiling'],
    },
  },
  'accounts.signOut': {
    method: 'POST',
    path: '/api/v1/auth/sign-out',
    tag: 'accounts',
    summary: 'Revoke this session',
    auth: 'user',
    status: 204,
    response: z.null(),
    caller: 'core',
  },
  'accounts.totp': {
    method: 'POST',
    path: '/api/v1/auth/totp',
    tag: 'accounts',
    summary: 'Turn on (or renew) a TOTP second factor: returns the secret to add to an authenticator app',
    description:
      'Needs the person’s sign-in session (not an API token) and their current password, or — where a second factor is set up — its current code.',
    auth: 'session',
    body: z
      .object({ password: z.string().min(1).max(200).optional(), totp: totpCode })
      .refine((body) => body.password !== undefined || body.totp !== undefined, {
        message: 'Enter your current password (or your authenticator’s current code).',
      }),
    status: 200,
    response: z.object({ secret: z.string(), uri: z.string() }),
    errors: { 403: ['reauthentication_failed'], 429: ['rate_limited'] },
    caller: 'core',
  },
  'accounts.me': {
    method: 'GET',
    path: '/api/v1/me',
    tag: 'accounts',
    summary: 'The signed-in user, their permissions, and their side of consent decisions',
    auth: 'user',
    status: 200,
    response: meSchema,
    caller: 'core',
  },
  'admin.users.list': {
    method: 'GET',
    path: '/api/v1/admin/users',
    tag: 'admin',
    summary: 'Users of the company',
    auth: 'user',
    permission: 'admin.users',
    status: 200,
    response: z.object({ users: z.array(adminUserSchema) }),
  },
  'admin.users.create': {
    method: 'POST',
    path: '/api/v1/admin/users',
    tag: 'admin',
    summary: 'Add a user to the company, with a role that holds nothing you do not',
    auth: 'session',
    permission: 'admin.users',
    body: newUserSchema,
    status: 201,
    response: created,
    errors: { 403: ['permission_not_held'], 404: ['not_found'], 409: ['email_taken'] },
  },
  'admin.users.setLogging': {
    method: 'PUT',
    path: '/api/v1/admin/users/log-sessions',
    tag: 'admin',
    summary: 'Log sessions for connection reporting (SI-6), for many users at once',
    auth: 'session',
    permission: 'admin.users',
    body: z.object({ userIds: z.array(z.string()).min(1).max(10_000), value: z.boolean() }),
    status: 200,
    response: z.object({ changed: z.number() }),
  },
  'admin.users.setRole': {
    method: 'PUT',
    path: '/api/v1/admin/users/:userId/role',
    tag: 'admin',
    summary: 'Give a user another role',
    auth: 'session',
    permission: 'admin.users',
    params: userParams,
    body: z.object({ roleId: z.string().min(1).max(100) }),
    status: 204,
    response: z.null(),
    errors: {
      403: ['user_outranks_you', 'permission_not_held'],
      404: ['not_found'],
      409: ['last_administrator'],
    },
  },
  /** A disabled user's sessions and API tokens end at once; enabling lets them sign in again. */
  'admin.users.setDisabled': {
    method: 'PUT',
    path: '/api/v1/admin/users/:userId/disabled',
    tag: 'admin',
    summary: 'Disable a user (every session and API token of theirs ends) or enable them again',
    auth: 'session',
    permission: 'admin.users',
    params: userParams,
    body: z.object({ disabled: z.boolean() }),
    status: 204,
    response: z.null(),
    errors: { 403: ['user_outranks_you'], 404: ['not_found'], 409: ['cannot_change_yourself', 'last_administrator'] },
  },
  'admin.users.remove': {
    method: 'DELETE',
    path: '/api/v1/admin/users/:userId',
    tag: 'admin',
    summary: 'Remove a user with their sessions and API tokens',
    auth: 'session',
    permission: 'admin.users',
    params: userParams,
    status: 204,
    response: z.null(),
    errors: { 403: ['user_outranks_you'], 404: ['not_found'], 409: ['cannot_change_yourself', 'last_administrator'] },
  },
  'admin.users.revokeSessions': {
    method: 'POST',
    path: '/api/v1/admin/users/:userId/revoke-sessions',
    tag: 'admin',
    summary: 'Sign a user out everywhere: every session and API token of theirs is revoked at once',
    auth: 'session',
    permission: 'admin.users',
    params: userParams,
    status: 204,
    response: z.null(),
    errors: { 403: ['user_outranks_you'], 404: ['not_found'] },
  },
  /** SI-7: the company's roles; a user gets one, within what the administrator holds. */
  'admin.roles.list': {
    method: 'GET',
    path: '/api/v1/admin/roles',
    tag: 'admin',
    summary: 'The company’s roles',
    auth: 'user',
    permission: 'admin.users',
    status: 200,
    response: z.object({ roles: z.array(roleSchema) }),
  },
  'admin.roles.create': {
    method: 'POST',
    path: '/api/v1/admin/roles',
    tag: 'admin',
    summary: 'A role with permissions you hold yourself (SI-7)',
    auth: 'session',
    permission: 'admin.users',
    body: roleChangeSchema,
    status: 201,
    response: created,
    errors: { 403: ['permission_not_held'], 409: ['role_name_taken'] },
  },
  'admin.roles.update': {
    method: 'PUT',
    path: '/api/v1/admin/roles/:roleId',
    tag: 'admin',
    summary: 'Rename a role or change its permissions (only within what you hold)',
    auth: 'session',
    permission: 'admin.users',
    params: z.object({ roleId: z.string().max(100) }),
    body: roleChangeSchema,
    status: 204,
    response: z.null(),
    errors: {
      403: ['role_outranks_you', 'permission_not_held'],
      404: ['not_found'],
      409: ['role_name_taken', 'last_administrator'],
    },
  },
  'admin.roles.remove': {
    method: 'DELETE',
    path: '/api/v1/admin/roles/:roleId',
    tag: 'admin',
    summary: 'Remove a role no user holds any more',
    auth: 'session',
    permission: 'admin.users',
    params: z.object({ roleId: z.string().max(100) }),
    status: 204,
    response: z.null(),
    errors: { 403: ['role_outranks_you'], 404: ['not_found'], 409: ['role_in_use'] },
  },
  'admin.accountAudit': {
    method: 'GET',
    path: '/api/v1/admin/account-audit',
    tag: 'admin',
    summary: 'Who changed which role or user, and when (newest first)',
    auth: 'user',
    permission: 'admin.users',
    status: 200,
    response: z.object({ entries: z.array(accountAuditEntrySchema) }),
  },
});

export const accountChannels = endpointChannels(accountRoutes);

/** AC-1: the company account this app is signed in with (the token stays in the core). */
export const accountIpc = defineIpc({
  channels: {
    'account.status': { request: empty, response: accountStatusSchema },
    'account.signIn': {
      request: z
        .object({
          email: z.email(),
          password: z.string().min(1).max(200),
          totp: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
        })
        .strict(),
      response: accountStatusSchema,
    },
    'account.signOut': { request: empty, response: accountStatusSchema },
    /**
     * Where the company account lives: the endpoint's address (null: the embedded one on this
     * computer). Checked first; the app signs out and reconnects there.
     */
    'account.setEndpoint': {
      request: z
        .object({
          url: z
            .url({ protocol: /^https?$/ })
            .max(2000)
            .nullable(),
        })
        .strict(),
      response: ok,
    },
  },
  events: {
    /** Signed in or out by something other than the window's own call (another endpoint chosen). */
    'account.changed': accountStatusSchema,
  },
});
