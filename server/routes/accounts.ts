import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Secret, TOTP } from 'otpauth';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { meSchema } from '../../src-shared/domain/accounts';
import type { AccountStore } from '../accounts/accountStore';
import { DUMMY_HASH, verifyPassword } from '../accounts/passwords';
import { requireUser } from '../auth/userAuth';
import type { CompanyStore } from '../company/companyStore';

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const email = z.email().max(254);
const password = z.string().min(10, 'a password has at least 10 characters').max(200);

export function totpFor(secret: string, label: string): TOTP {
  return new TOTP({ issuer: 'Tandem', label, secret: Secret.fromBase32(secret), period: 30, digits: 6 });
}

/** AC-1: set-up of the first company, sign-in (optional TOTP), sign-out, who am I. */
export const accountRoutes: FastifyPluginAsyncZod<{ accounts: AccountStore; companies: CompanyStore }> = async (
  app,
  { accounts, companies },
) => {
  const perEmail = new RateLimiterMemory({ points: 10, duration: 15 * 60 });
  const perSource = new RateLimiterMemory({ points: 50, duration: 15 * 60 });

  app.post(
    '/api/v1/setup',
    {
      schema: {
        summary: 'Create the first company and its administrator (only while there is none)',
        tags: ['accounts'],
        body: z.object({
          company: z.string().trim().min(1).max(120),
          name: z.string().trim().min(1).max(120),
          email,
          password,
        }),
        response: { 201: z.object({ companyId: z.string(), userId: z.string() }), 409: errorBody },
      },
    },
    async (request, reply) => {
      if (accounts.hasCompanies()) {
        return reply
          .status(409)
          .send({ error: { code: 'already_set_up', message: 'This endpoint already has a company.' } });
      }
      const created = await accounts.createCompany(request.body);
      return reply.status(201).send({ companyId: created.companyId, userId: created.userId });
    },
  );

  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        summary: 'Sign in with e-mail and password (and a TOTP code where set up)',
        tags: ['accounts'],
        body: z.object({
          email,
          password: z.string().max(200),
          totp: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
        }),
        response: {
          200: z.object({ token: z.string(), expiresAt: z.iso.datetime() }),
          401: errorBody,
          429: errorBody.extend({ retryAfterMs: z.number() }),
        },
      },
    },
    async (request, reply) => {
      try {
        await perSource.consume(request.ip);
        await perEmail.consume(request.body.email.toLowerCase());
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        return reply.status(429).send({
          error: { code: 'rate_limited', message: 'Too many sign-in attempts. Wait, then try again.' },
          retryAfterMs: error.msBeforeNext,
        });
      }
      const user = accounts.byEmail(request.body.email);
      const passwordOk = await verifyPassword(request.body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !passwordOk) {
        return reply
          .status(401)
          .send({ error: { code: 'wrong_credentials', message: 'E-mail or password is not correct.' } });
      }
      if (user.totpSecret) {
        if (!request.body.totp) {
          return reply
            .status(401)
            .send({ error: { code: 'totp_required', message: 'Enter the 6-digit code from your authenticator app.' } });
        }
        if (totpFor(user.totpSecret, user.email).validate({ token: request.body.totp, window: 1 }) === null) {
          return reply
            .status(401)
            .send({ error: { code: 'wrong_totp', message: 'The code is not correct or has expired.' } });
        }
      }
      await perEmail.delete(request.body.email.toLowerCase());
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
      preHandler: requireUser(accounts),
      schema: {
        summary: 'Turn on a TOTP second factor: returns the secret to add to an authenticator app',
        tags: ['accounts'],
        response: { 200: z.object({ secret: z.string(), uri: z.string() }) },
      },
    },
    async (request) => {
      const secret = new Secret({ size: 20 }).base32;
      accounts.setTotpSecret(request.user!.id, secret);
      return { secret, uri: totpFor(secret, request.user!.email).toString() };
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
