import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Secret, TOTP } from 'otpauth';
import { z } from 'zod';
import { meSchema } from '../../src-shared/domain/accounts';
import type { AccountAudit } from '../accounts/accountAudit';
import type { AccountStore, UserRecord } from '../accounts/accountStore';
import { DUMMY_HASH, verifyPassword } from '../accounts/passwords';
import { SETUP_TOKEN_FILE, type SetupToken } from '../accounts/setupToken';
import { SignInThrottle } from '../accounts/signInThrottle';
import { requireUser } from '../auth/userAuth';
import type { CompanyStore } from '../company/companyStore';
import { errorBody, sendError } from '../errors';

const email = z.email().max(254);
const password = z.string().min(10, 'a password has at least 10 characters').max(200);

export function totpFor(secret: string, label: string): TOTP {
  return new TOTP({ issuer: 'Tandem', label, secret: Secret.fromBase32(secret), period: 30, digits: 6 });
}

/** AC-1: set-up of the first company, sign-in (optional TOTP), sign-out, the second factor, who am I. */
export const accountRoutes: FastifyPluginAsyncZod<{
  accounts: AccountStore;
  companies: CompanyStore;
  audit: AccountAudit;
  setupToken: SetupToken;
}> = async (app, { accounts, companies, audit, setupToken }) => {
  const throttle = new SignInThrottle();

  app.post(
    '/api/v1/setup',
    {
      schema: {
        summary: 'Create the first company and its administrator (only while there is none), with the setup token',
        description:
          'The endpoint writes a one-time setup token to `setup-token` in its data folder at first start (or takes the operator’s `--setup-token`); it is void once used.',
        tags: ['accounts'],
        body: z.object({
          company: z.string().trim().min(1).max(120),
          name: z.string().trim().min(1).max(120),
          email,
          password,
          setupToken: z.string().min(1, 'enter the setup token from the endpoint’s data folder').max(200),
        }),
        response: {
          201: z.object({ companyId: z.string(), userId: z.string() }),
          403: errorBody,
          409: errorBody,
        },
      },
    },
    async (request, reply) => {
      if (accounts.hasCompanies()) {
        return sendError(reply, 409, 'already_set_up', 'This endpoint already has a company.');
      }
      const { setupToken: given, ...input } = request.body;
      if (!setupToken.consume(given)) {
        return sendError(
          reply,
          403,
          'invalid_setup_token',
          `The setup token is not correct (or was used). Find it in ${SETUP_TOKEN_FILE} in the endpoint's data folder, or start the endpoint with --setup-token.`,
        );
      }
      const created = await accounts.createCompany(input);
      return reply.status(201).send({ companyId: created.companyId, userId: created.userId });
    },
  );

  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        summary: 'Sign in with e-mail and password (and a TOTP code where set up)',
        description:
          'Failed attempts slow down each source with each address, and each source overall. Past a ceiling of failures for one address from anywhere, only the right password together with the right TOTP code signs in.',
        tags: ['accounts'],
        body: z.object({
          email,
          password: z.string().max(200),
          totp: z
            .string()
            .regex(/^\d{6}$/, 'a TOTP code is 6 digits')
            .optional(),
          /** Only needed when the address has an account with this password in more than one company. */
          companyId: z.string().max(100).optional(),
        }),
        response: {
          200: z.object({ token: z.string(), expiresAt: z.iso.datetime() }),
          401: errorBody,
          403: errorBody,
          409: errorBody.extend({ companies: z.array(z.object({ id: z.string(), name: z.string() })) }),
          429: errorBody.extend({ retryAfterMs: z.number() }),
        },
      },
    },
    async (request, reply) => {
      const { email: address, password: given, totp, companyId } = request.body;
      const attempt = await throttle.attempt(request.ip, address);
      if (attempt.refused) {
        return sendError(reply, 429, 'rate_limited', 'Too many sign-in attempts from here. Wait, then try again.', {
          retryAfterMs: attempt.retryAfterMs,
        });
      }
      // Every candidate's hash is checked (a dummy one when there is none), so the answer's timing
      // says little about whether the address has an account.
      const candidates = accounts.signInCandidates(address);
      const checked = await Promise.all(
        (candidates.length > 0 ? candidates : [null]).map(async (user) =>
          (await verifyPassword(given, user?.passwordHash ?? DUMMY_HASH)) ? user : null,
        ),
      );
      const matches = checked.filter((user): user is UserRecord => user !== null);
      const chosen = companyId ? matches.filter((user) => user.companyId === companyId) : matches;
      const user = chosen.length === 1 ? chosen[0]! : null;
      const totpOk =
        user?.totpSecret && totp
          ? totpFor(user.totpSecret, user.email).validate({ token: totp, window: 1 }) !== null
          : false;
      // Past the ceiling, nothing but the full set of factors gets an answer other than 429:
      // an attacker learns nothing about the password, and the owner with TOTP still signs in.
      if (attempt.ceilingReached && !(user && totpOk)) {
        return sendError(
          reply,
          429,
          'sign_in_ceiling',
          'This account had too many failed sign-ins from many places. Sign in with your password and your authenticator code, or wait.',
          { retryAfterMs: attempt.retryAfterMs },
        );
      }
      if (chosen.length > 1) {
        // The caller proved this password for each of them, so naming them tells nothing new.
        return sendError(reply, 409, 'choose_company', 'This address signs in to more than one company: choose one.', {
          companies: chosen.map((match) => ({ id: match.companyId, name: companies.name(match.companyId) })),
        });
      }
      if (!user) {
        return sendError(reply, 401, 'wrong_credentials', 'E-mail or password is not correct.');
      }
      if (user.totpSecret) {
        if (!totp) {
          return sendError(reply, 401, 'totp_required', 'Enter the 6-digit code from your authenticator app.');
        }
        if (!totpOk) {
          return sendError(reply, 401, 'wrong_totp', 'The code is not correct or has expired.');
        }
      }
      if (user.disabled) {
        return sendError(reply, 403, 'account_disabled', 'Your account is disabled. Ask your company’s administrator.');
      }
      await throttle.succeeded(request.ip, address);
      return accounts.startSession(user.id);
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      preHandler: requireUser(accounts),
      schema: { summary: 'Revoke this session', tags: ['accounts'], response: { 204: z.null() } },
    },
    async (request, reply) => {
      accounts.revoke(request.headers.authorization!.slice(7));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/totp',
    {
      preHandler: requireUser(accounts, undefined, { sessionOnly: true }),
      schema: {
        summary: 'Turn on (or renew) a TOTP second factor: returns the secret to add to an authenticator app',
        description:
          'Needs the person’s sign-in session (not an API token) and their current password, or — where a second factor is set up — its current code.',
        tags: ['accounts'],
        body: z
          .object({
            password: z.string().min(1).max(200).optional(),
            totp: z
              .string()
              .regex(/^\d{6}$/, 'a TOTP code is 6 digits')
              .optional(),
          })
          .refine((body) => body.password !== undefined || body.totp !== undefined, {
            message: 'Enter your current password (or your authenticator’s current code).',
          }),
        response: { 200: z.object({ secret: z.string(), uri: z.string() }), 403: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      if (!(await throttle.reauthAllowed(user.id))) {
        return sendError(reply, 429, 'rate_limited', 'Too many wrong confirmations. Wait, then try again.');
      }
      const { password: given, totp } = request.body;
      const confirmed =
        (given !== undefined && (await verifyPassword(given, user.passwordHash))) ||
        (totp !== undefined &&
          user.totpSecret !== null &&
          totpFor(user.totpSecret, user.email).validate({ token: totp, window: 1 }) !== null);
      if (!confirmed) {
        return sendError(
          reply,
          403,
          'reauthentication_failed',
          'Your current password (or authenticator code) is not correct.',
        );
      }
      const secret = new Secret({ size: 20 }).base32;
      accounts.setTotpSecret(user.id, secret);
      audit.record(user, 'user.totp', user.email, { renewed: user.totpSecret !== null });
      return { secret, uri: totpFor(secret, user.email).toString() };
    },
  );

  app.get(
    '/api/v1/me',
    {
      preHandler: requireUser(accounts),
      schema: {
        summary: 'The signed-in user, their permissions, and their side of consent decisions',
        tags: ['accounts'],
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const user = request.user!;
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        companyId: user.companyId,
        companyName: companies.name(user.companyId),
        summaryLanguage: companies.aiSettings(user.companyId).language,
        permissions: user.permissions,
        supporterFacts: companies.supporterFacts(user.companyId, user.logSessions),
      };
    },
  );
};
