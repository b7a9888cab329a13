import type { FastifyInstance, FastifyReply } from 'fastify';
import { insightsRoutes as routes } from '../../src-shared/insights/contract';
import { sendError } from '../errors';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';
import { CreditLedger, NoCreditsError } from './creditLedger';

/**
 * SI-11: the company's AI credits — balance, per-session charge and refund — as
 * `src-shared/insights/contract.ts` declares them. Buying credits and changing the plan are the
 * operator's (`npm run server -- add-credits`, `set-plan`), not something a company grants itself.
 */
export function serveCredits(app: FastifyInstance, { guards, data }: Pick<EndpointServices, 'guards' | 'data'>) {
  const ledger = new CreditLedger(data);
  serve(app, routes['admin.credits'], guards, async (request) => {
    const companyId = request.user!.companyId;
    const now = new Date();
    // The balance settles first, so the packs listed include this month's grant.
    const balance = await ledger.balance(companyId, now);
    return { balance, plan: await ledger.plan(companyId), packs: await ledger.packs(companyId, now) };
  });

  const reserve = async (companyId: string, sessionId: string, reply: FastifyReply) => {
    try {
      return await ledger.reserve(companyId, sessionId, new Date());
    } catch (error) {
      if (!(error instanceof NoCreditsError)) throw error;
      return sendError(reply, 402, 'no_credits', 'Your company has no AI credits left this month.');
    }
  };
  const refund = async (companyId: string, sessionId: string, reply: FastifyReply) => {
    const outcome = await ledger.refund(companyId, sessionId, new Date());
    if (outcome === 'summary_exists') {
      return sendError(
        reply,
        409,
        'summary_exists',
        'This session’s summary was handed in, so its credit was spent and is not refunded.',
      );
    }
    return { refunded: outcome === 'refunded' };
  };

  // The signed-in user's company pays for outgoing sessions; a company device pays, without
  // anyone signed in, for the incoming sessions whose summaries belong to its company.
  serve(app, routes['credits.reserve'], guards, (request, reply) =>
    reserve(request.user!.companyId, request.body.sessionId, reply),
  );
  serve(app, routes['credits.refund'], guards, (request, reply) =>
    refund(request.user!.companyId, request.body.sessionId, reply),
  );
  serve(app, routes['devices.me.credits.reserve'], guards, (request, reply) =>
    reserve(request.deviceCompanyId!, request.body.sessionId, reply),
  );
  serve(app, routes['devices.me.credits.refund'], guards, (request, reply) =>
    refund(request.deviceCompanyId!, request.body.sessionId, reply),
  );
}
