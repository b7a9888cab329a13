import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summaryFieldsSchema } from '../../../../../src-shared/domain/summary';
import type { SummaryInput } from '../../../../../src-main/core/insights/builtinSummarizer';
import { createOpenAiSummarizer } from '../../../../../src-main/core/insights/openAiSummarizer';
import { memoryLogger } from '../../../../support/silentLogger';
import { chatServer, completion } from '../../../../support/chatCompletionsServer';

const session = {
  ...(JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput),
  sessionId: 'session-1',
};

const aiAnswer = {
  title: 'Drucker druckt wieder',
  problem: 'Der Drucker druckte seit dem Morgen nicht.',
  actionsTaken: ['Druckwarteschlange geprüft', 'Treiber neu installiert'],
  outcome: 'Gelöst.',
  followUps: [],
  issueTypes: [{ type: 'printing', confidence: 0.93 }],
  applications: ['Control Panel', 'Print Management'],
};

describe('the OpenAI-compatible summarizer against a local chat-completions server', () => {
  let server: Server;
  let baseUrl: string;
  let credits: { reserved: string[]; refunded: string[]; left: number };
  const gate = {
    reserve: async (id: string) => {
      if (credits.left <= 0) return false;
      credits.left--;
      credits.reserved.push(id);
      return true;
    },
    refund: async (id: string) => {
      credits.left++;
      credits.refunded.push(id);
    },
  };
  async function listen(chat: ReturnType<typeof chatServer>) {
    server = chat.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
    return chat.requests;
  }
  beforeEach(() => {
    credits = { reserved: [], refunded: [], left: 1 };
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks for JSON-schema structured output, validates it and keeps Tandem’s facts', async () => {
    const requests = await listen(chatServer(() => ({ status: 200, body: completion(JSON.stringify(aiAnswer)) })));
    const summarizer = createOpenAiSummarizer(
      { baseUrl, model: 'llama3.1', apiKey: 'sk-test' },
      gate,
      memoryLogger().log,
    );
    const summary = await summarizer.summarize(session, 'de');
    expect(summaryFieldsSchema.parse(summary)).toMatchObject({
      ...aiAnswer,
      summarizer: 'openai-compatible',
      note: null,
      device: session.device,
      participants: [
        { role: 'supporter', name: 'Ada Support' },
        { role: 'end_user', name: 'Tom' },
      ],
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.authorization).toBe('Bearer sk-test');
    expect(requests[0]!.body).toMatchObject({
      model: 'llama3.1',
      response_format: { type: 'json_schema', json_schema: { name: 'session_summary', strict: true } },
    });
    const prompt = JSON.stringify(requests[0]!.body.messages);
    expect(prompt).toContain('German');
    expect(prompt).toContain("my printer doesn't print anything");
    expect(credits).toMatchObject({ reserved: ['session-1'], refunded: [] });
  });

  it('retries after server errors and rate limits, with one credit for the session', async () => {
    const requests = await listen(
      chatServer((_body, _request, call) =>
        call === 1
          ? { status: 503 }
          : call === 2
            ? { status: 429 }
            : { status: 200, body: completion(JSON.stringify(aiAnswer)) },
      ),
    );
    const summary = await createOpenAiSummarizer(
      { baseUrl, model: 'm', apiKey: null },
      gate,
      memoryLogger().log,
    ).summarize(session, 'en');
    expect(summary.summarizer).toBe('openai-compatible');
    expect(requests).toHaveLength(3);
    expect(requests[0]!.authorization).toBeUndefined();
    expect(credits.reserved).toEqual(['session-1']);
  });

  it('falls back to the built-in summarizer with a note, and refunds the credit, when the answer is unusable', async () => {
    await listen(chatServer(() => ({ status: 200, body: completion('{"title": "only a title"}') })));
    const summary = await createOpenAiSummarizer(
      { baseUrl, model: 'm', apiKey: 'k' },
      gate,
      memoryLogger().log,
    ).summarize(session, 'en');
    expect(summary.summarizer).toBe('builtin');
    expect(summary.issueTypes[0]!.type).toBe('printing');
    expect(summary.note).toMatch(/built-in summarizer \(no AI\).*unusable answer/);
    expect(credits).toMatchObject({ reserved: ['session-1'], refunded: ['session-1'], left: 1 });
  });

  it('gives up on a server that does not answer in time', async () => {
    await listen(chatServer(() => ({ status: 200, body: completion(JSON.stringify(aiAnswer)), delayMs: 2000 })));
    const summary = await createOpenAiSummarizer(
      { baseUrl, model: 'm', apiKey: 'k', timeoutMs: 200, retries: 1 },
      gate,
      memoryLogger().log,
    ).summarize(session, 'de');
    expect(summary.summarizer).toBe('builtin');
    expect(summary.note).toMatch(/nicht erreichbar/);
    expect(credits.refunded).toEqual(['session-1']);
  });

  it('does not call the AI at all without credits, and says so', async () => {
    credits.left = 0;
    const requests = await listen(chatServer(() => ({ status: 200, body: completion(JSON.stringify(aiAnswer)) })));
    const summary = await createOpenAiSummarizer(
      { baseUrl, model: 'm', apiKey: 'k' },
      gate,
      memoryLogger().log,
    ).summarize(session, 'en');
    expect(requests).toHaveLength(0);
    expect(summary).toMatchObject({ summarizer: 'builtin', note: expect.stringMatching(/no AI credits left/) });
  });
});
