import { z } from 'zod';
import { issueTypeSchema, summaryFieldsSchema, type SummaryFields } from '../../../src-shared/domain/summary';
import type { Logger } from '../logger';
import { summarizeBuiltin, type SummaryInput } from './builtinSummarizer';

/** What the model is asked for: the narrative fields; the facts (device, times, people) come from Tandem. */
export const aiSummarySchema = summaryFieldsSchema
  .pick({
    title: true,
    problem: true,
    actionsTaken: true,
    outcome: true,
    followUps: true,
    issueTypes: true,
    applications: true,
  })
  .strict();

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

export interface OpenAiConfig {
  /** e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), http://localhost:8080/v1 (llama.cpp) */
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs?: number;
  retries?: number;
}

export interface CreditGate {
  /** One credit per session, reserved before the first AI call; false when none are left. */
  reserve(sessionId: string): Promise<boolean>;
  refund(sessionId: string): Promise<void>;
}

const NOTES = {
  en: {
    no_credits: 'Written by the built-in summarizer (no AI): your company has no AI credits left.',
    credits_unavailable:
      'Written by the built-in summarizer (no AI): no AI credit could be charged (signed out, or the cloud endpoint was unreachable).',
    failed:
      'Written by the built-in summarizer (no AI): the AI service could not be reached or gave an unusable answer.',
  },
  de: {
    no_credits: 'Vom integrierten Zusammenfasser (ohne KI) erstellt: Ihr Unternehmen hat keine KI-Credits mehr.',
    credits_unavailable:
      'Vom integrierten Zusammenfasser (ohne KI) erstellt: Es konnte kein KI-Credit abgebucht werden (abgemeldet oder Cloud-Endpunkt nicht erreichbar).',
    failed:
      'Vom integrierten Zusammenfasser (ohne KI) erstellt: Der KI-Dienst war nicht erreichbar oder lieferte keine verwertbare Antwort.',
  },
} as const;

class RetryableError extends Error {}

/** The log as the model sees it: what happened, never screen contents or keystrokes (there are none). */
function promptFor(input: SummaryInput, language: 'en' | 'de'): { system: string; user: string } {
  const endUserSide = input.perspective === 'supporter' ? 'partner' : 'me';
  const events = input.log.map((event) => {
    if (event.kind === 'chat')
      return { at: event.at, chat: event.data.from === endUserSide ? 'end user' : 'supporter', text: event.data.text };
    return { at: event.at, event: event.kind, ...event.data };
  });
  return {
    system: [
      'You summarise remote support sessions for a help desk.',
      `Write every text field in ${language === 'de' ? 'German' : 'English'}.`,
      'Use only facts from the session log. Do not invent names, numbers or steps.',
      `Issue types come from this list only: ${issueTypeSchema.options.join(', ')}; give each a confidence from 0 to 1.`,
      'Answer with JSON matching the given schema.',
    ].join(' '),
    user: JSON.stringify({ device: input.device, startedAt: input.startedAt, endedAt: input.endedAt, events }),
  };
}

/**
 * SI-8 through an OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI, Ollama,
 * llama.cpp server, vLLM), with JSON-schema structured output validated by zod. One credit per
 * session (SI-11); whatever fails — no credit, no answer, a malformed answer — the built-in
 * summarizer writes the summary and the summary says so.
 */
export function createOpenAiSummarizer(config: OpenAiConfig, credits: CreditGate, log: Logger) {
  const timeoutMs = config.timeoutMs ?? 30_000;
  const retries = config.retries ?? 2;
  const jsonSchema = z.toJSONSchema(aiSummarySchema);

  async function complete(input: SummaryInput, language: 'en' | 'de'): Promise<z.infer<typeof aiSummarySchema>> {
    const { system, user } = promptFor(input, language);
    const response = await fetch(`${config.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: config.model,
        temperature: 0.2,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'session_summary', strict: true, schema: jsonSchema },
        },
      }),
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: unknown) => {
      throw new RetryableError((error as Error).message);
    });
    if (response.status === 429 || response.status >= 500) throw new RetryableError(`HTTP ${response.status}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const completion = completionSchema.parse(await response.json());
    return aiSummarySchema.parse(JSON.parse(completion.choices[0]!.message.content ?? ''));
  }

  return {
    kind: 'openai-compatible' as const,
    async summarize(input: SummaryInput & { sessionId: string }, language: 'en' | 'de'): Promise<SummaryFields> {
      const builtin = summarizeBuiltin(input, language);
      const reserved = await credits.reserve(input.sessionId).catch((error: unknown) => {
        log.warn({ err: (error as Error).message }, 'No AI credit could be charged');
        return null;
      });
      if (reserved === null) return { ...builtin, note: NOTES[language].credits_unavailable };
      if (!reserved) return { ...builtin, note: NOTES[language].no_credits };
      for (let attempt = 0; ; attempt++) {
        try {
          const ai = await complete(input, language);
          return { ...builtin, ...ai, summarizer: 'openai-compatible', note: null };
        } catch (error) {
          const again = error instanceof RetryableError && attempt < retries;
          log.warn({ err: (error as Error).message, attempt, again }, 'AI summary attempt failed');
          if (again) {
            await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
            continue;
          }
          await credits.refund(input.sessionId).catch(() => undefined);
          return { ...builtin, note: NOTES[language].failed };
        }
      }
    },
  };
}
