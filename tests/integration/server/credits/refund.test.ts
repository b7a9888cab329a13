import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeBuiltin, type SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import type { SummaryChange } from '../../../../src-shared/domain/summarySync';
import { ADA, acmeEndpoint, type AcmeEndpoint } from '../../../support/accountsEndpoint';

const builtin = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);
/** The summary a client hands in for a session, written by the AI or by the built-in summarizer. */
const summaryOf = (requestId: string, by: 'openai-compatible' | 'builtin'): SummaryChange => ({
  op: 'upsert',
  key: randomUUID(),
  id: randomUUID(),
  requestId,
  baseVersion: 0,
  createdAt: '2026-11-21T10:00:00.000Z',
  fields: { ...builtin, summarizer: by, note: null },
});

describe('a charged session’s AI credit cannot be had back by asking', () => {
  let acme: AcmeEndpoint;
  let ada: string;
  beforeEach(async () => {
    acme = await acmeEndpoint();
    ada = await acme.signIn(ADA.email, ADA.password);
  });
  afterEach(async () => acme.close());

  const balance = async () => (await acme.call('GET', '/api/v1/credits', undefined, ada)).body!.balance as number;
  const reserve = (sessionId: string) => acme.call('POST', '/api/v1/credits/reserve', { sessionId }, ada);
  const refund = (sessionId: string) => acme.call('POST', '/api/v1/credits/refund', { sessionId }, ada);
  const handIn = async (change: SummaryChange) =>
    expect((await acme.call('POST', '/api/v1/summaries/push', { changes: [change] }, ada)).body).toMatchObject({
      results: [{ status: 'applied' }],
    });

  it('refuses a refund once the session’s AI-written summary was handed in', async () => {
    const start = await balance();
    expect((await reserve('session-1')).body).toMatchObject({ charged: true });
    await handIn(summaryOf('session-1', 'openai-compatible'));
    expect(await refund('session-1')).toMatchObject({ status: 409, body: { error: { code: 'summary_exists' } } });
    expect(await balance()).toBe(start - 1);
  });

  it('charges again a refunded session whose AI-written summary arrives afterwards', async () => {
    const start = await balance();
    await reserve('session-2');
    // The client asks for the credit back first, then hands in what the AI wrote.
    expect((await refund('session-2')).body).toEqual({ refunded: true });
    expect(await balance()).toBe(start);
    await handIn(summaryOf('session-2', 'openai-compatible'));
    expect(await balance()).toBe(start - 1);
    expect((await refund('session-2')).status).toBe(409);
    expect(await balance()).toBe(start - 1);
  });

  it('still refunds a session whose AI call failed and whose summary the built-in summarizer wrote', async () => {
    const start = await balance();
    await reserve('session-3');
    expect((await refund('session-3')).body).toEqual({ refunded: true });
    await handIn(summaryOf('session-3', 'builtin'));
    expect(await balance()).toBe(start);
  });
});
