import { TandemError } from '../../../src-shared/errors';
import { insightsRoutes as routes } from '../../../src-shared/insights/contract';
import type { AccountService } from '../account/accountService';
import type { EndpointClient } from '../cloud/endpointClient';
import type { Logger } from '../logger';
import { summarizeBuiltin, type SummaryInput } from './builtinSummarizer';
import { createOpenAiSummarizer, type CreditGate } from './openAiSummarizer';
import type { SummarizerSettingsStore } from './summarizerSettings';

/**
 * One AI credit per session, charged to the company that owns the summary: through the signed-in
 * user, or — on a company device with nobody signed in — through the device key.
 */
export function companyCreditGate(
  account: Pick<AccountService, 'signedIn'>,
  cloud: Pick<EndpointClient, 'call'>,
): CreditGate {
  const creditCall = async (action: 'reserve' | 'refund', sessionId: string) => {
    const input = { body: { sessionId } };
    if (account.signedIn()) {
      await (action === 'reserve'
        ? cloud.call(routes['credits.reserve'], input)
        : cloud.call(routes['credits.refund'], input));
    } else {
      await (action === 'reserve'
        ? cloud.call(routes['devices.me.credits.reserve'], input)
        : cloud.call(routes['devices.me.credits.refund'], input));
    }
  };
  return {
    reserve: async (sessionId) => {
      try {
        await creditCall('reserve', sessionId);
        return true;
      } catch (error) {
        if (error instanceof TandemError && error.code === 'no_credits') return false;
        throw error;
      }
    },
    refund: (sessionId) => creditCall('refund', sessionId),
  };
}

/** SI-8: the summarizer the user chose; the built-in one unless an AI service is configured. */
export function summarizerChoice(settings: SummarizerSettingsStore, log: Logger) {
  /** The AI service the user chose, charging through `credits`; null when the built-in one is chosen. */
  const chosenAi = (credits: CreditGate) => {
    const chosen = settings.get();
    return chosen.kind === 'openai-compatible'
      ? createOpenAiSummarizer(
          { baseUrl: chosen.baseUrl, model: chosen.model, apiKey: settings.apiKey() },
          credits,
          log,
        )
      : null;
  };
  return {
    chosenAi,
    summarizerFor: (credits: CreditGate) =>
      chosenAi(credits) ?? {
        summarize: async (input: SummaryInput, language: 'en' | 'de') => summarizeBuiltin(input, language),
      },
  };
}
