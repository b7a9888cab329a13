import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { accountRoutes as routes } from '../../src-shared/accounts/contract';
import { sendError } from '../errors';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';
import type { UserRecord } from './accountStore';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { SETUP_TOKEN_FILE, SetupToken } from './setupToken';
import { SignInThrottle } from './signInThrottle';

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({ issuer: 'Tandem', label, secret: Secret.fromBase32(secret), period: 30, digits: 6 });
}

/**
 * AC-1: set-up of the first company, sign-in (optional TOTP), sign-out, the second factor, who am
 * I, as `src-shared/accounts/contract.ts` declares them.
 */
export async function serveAccounts(
  app: FastifyInstance,
  {
    guards,
    accounts,
    companies,
    accountAudit: audit,
    log,
    config,
    shared,
  }: Pick<EndpointServices, 'guards' | 'accounts' | 'companies' | 'accountAudit' | 'log' | 'config' | 'shared'>,
) {
  const setupToken = SetupToken.prepare(config.dataDir, {
    hasCompanies: await accounts.hasCompanies(),
    given: config.setupToken,
  });
  if (setupToken.file) log.info({ file: setupToken.file }, 'first start: the setup token is in this file');
  const throttle = new SignInThrottle(shared);

  serve(app, routes['accounts.setup'], guards, async (request, reply) => {
    if (await accounts.hasCompanies()) {
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
    // Another instance of this endpoint may have set it up in the meantime: then this one does not.
    const created = await accounts.createFirstCompany(input);
    if (!created) return sendError(reply, 409, 'already_set_up', 'This endpoint already has a company.');
    return { companyId: created.companyId, userId: created.userId };
  });

  serve(app, routes['accounts.signIn'], guards, async (request, reply) => {
    const { email: address, password: given, totp, companyId } = request.body;
    const attempt = await throttle.attempt(request.ip, address);
    if (attempt.refused) {
      return sendError(reply, 429, 'rate_limited', 'Too many sign-in attempts from here. Wait, then try again.', {
        retryAfterMs: attempt.retryAfterMs,
      });
    }
    // Every candidate's hash is checked (a dummy one when there is none), so the answer's timing
    // says little about whether the address has an account.
    const candidates = await accounts.signInCandidates(address);
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
        companies: await Promise.all(
          chosen.map(async (match) => ({ id: match.companyId, name: await companies.name(match.companyId) })),
        ),
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
  });

  serve(app, routes['accounts.signOut'], guards, async (request) => {
    await accounts.revoke(request.headers.authorization!.slice(7));
    return null;
  });

  serve(app, routes['accounts.totp'], guards, async (request, reply) => {
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
    await accounts.setTotpSecret(user.id, secret);
    await audit.record(user, 'user.totp', user.email, { renewed: user.totpSecret !== null });
    return { secret, uri: totpFor(secret, user.email).toString() };
  });

  serve(app, routes['accounts.me'], guards, async (request) => {
    const user = request.user!;
    const ai = await companies.aiSettings(user.companyId);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      companyId: user.companyId,
      companyName: await companies.name(user.companyId),
      summaryLanguage: ai.language,
      permissions: user.permissions,
      supporterFacts: await companies.supporterFacts(user.companyId, user.logSessions),
    };
  });
}
