import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { creditsSchema } from '../../src-shared/domain/accounts';
import type { AccountStore } from '../accounts/accountStore';
import { requireCompanyDevice } from '../auth/deviceAuth';
import { requireUser } from '../auth/userAuth';
import type { DeviceStore } from '../devices/deviceStore';
import { NoCreditsError, type CreditLedger } from '../credits/creditLedger';
import { errorBody, sendError } from '../errors';

const sessionBody = z.object({ sessionId: z.string().min(1).max(100) });

/**
 * SI-11: the company's AI credits — balance, per-session charge and refund. Buying credits and
 * changing the plan are the operator's (`npm run server -- add-credits`, `set-plan`), not
 * something a company grants itself.
 */
export const creditRoutes: FastifyPluginAsyncZod<{
  accounts: AccountStore;
  devices: DeviceStore;
  ledger: CreditLedger;
}> = async (app, { accounts, devices, ledger }) => {
  const view = (companyId: string) => {
    const now = new Date();
    return {
      balance: ledger.balance(companyId, now),
      plan: ledger.plan(companyId),
      packs: ledger.packs(companyId, now),
    };
  };

  app.get(
    '/api/v1/credits',
    {
      preHandler: requireUser(accounts, 'insights.manage_settings'),
      schema: { tags: ['credits'], summary: 'AI-credit balance, plan and packs', response: { 200: creditsSchema } },
    },
    async (request) => view(request.user!.companyId),
  );

  // The signed-in user's company pays for outgoing sessions; a company device pays, without
  // anyone signed in, for the incoming sessions whose summaries belong to its company.
  const callers = [
    { base: '/api/v1/credits', by: 'the signed-in user', preHandler: requireUser(accounts) },
    { base: '/api/v1/devices/me/credits', by: 'a company device', preHandler: requireCompanyDevice(devices) },
  ];
  const companyOf = (request: FastifyRequest) => request.user?.companyId ?? request.deviceCompanyId!;
  for (const { base, by, preHandler } of callers) {
    app.post(
      `${base}/reserve`,
      {
        preHandler,
        schema: {
          tags: ['credits'],
          summary: `Charge one credit for a session (idempotent per session) before its first AI call, as ${by}`,
          body: sessionBody,
          response: { 200: z.object({ charged: z.boolean(), balance: z.number() }), 402: errorBody },
        },
      },
      async (request, reply) => {
        try {
          return ledger.reserve(companyOf(request), request.body.sessionId, new Date());
        } catch (error) {
          if (!(error instanceof NoCreditsError)) throw error;
          return sendError(reply, 402, 'no_credits', 'Your company has no AI credits left this month.');
        }
      },
    );

    app.post(
      `${base}/refund`,
      {
        preHandler,
        schema: {
          tags: ['credits'],
          summary: `Give a session’s credit back when generating its summary failed, as ${by}`,
          description:
            'Refused once the endpoint holds the session’s summary; a refunded session whose AI-written summary arrives later is charged again.',
          body: sessionBody,
          response: { 200: z.object({ refunded: z.boolean() }), 409: errorBody },
        },
      },
      async (request, reply) => {
        const outcome = ledger.refund(companyOf(request), request.body.sessionId, new Date());
        if (outcome === 'summary_exists') {
          return sendError(
            reply,
            409,
            'summary_exists',
            'This session’s summary was handed in, so its credit was spent and is not refunded.',
          );
        }
        return { refunded: outcome === 'refunded' };
      },
    );
  }
};
