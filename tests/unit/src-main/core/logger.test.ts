import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src-main/core/logger';

/** A logger writing into a string, as pino would write to a file. */
function capture() {
  const sink = { output: '' };
  const destination = new Writable({
    write(chunk, _encoding, done) {
      sink.output += String(chunk);
      done();
    },
  });
  return { sink, log: createLogger({ name: 'test', destination }) };
}

const PRIVATE_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MC4CAQAwBQYDK2VwBCIEIPrivateKeyMaterialThatMustNotLeak0123456789',
  '-----END PRIVATE KEY-----',
].join('\n');

describe('the main core’s logger', () => {
  it('never writes passwords, secrets or tokens, however deep they sit', () => {
    const { sink, log } = capture();
    log.info({ oneTimePassword: 'hunter22', session: { secret: 's3cr3t', peer: { token: 'tok-123' } } }, 'rotated');
    log.info({ apiKey: 'sk-live-1' }, 'provider');
    expect(sink.output).toContain('rotated');
    for (const secret of ['hunter22', 's3cr3t', 'tok-123', 'sk-live-1']) expect(sink.output).not.toContain(secret);
    expect(sink.output).toContain('[redacted]');
  });

  it('finds secrets at any depth, in messages, format arguments, errors, JSON, URLs and bindings', () => {
    const { sink, log } = capture();
    const secrets = {
      deepField: 'deep-pass-0001',
      bearer: 'eyBearerSecret0002',
      apiToken: 'tdm_ApiTokenSecret0003abcdef',
      queryPassword: 'QueryPass0004',
      jsonKey: 'json-key-0005',
      privateKey: 'PrivateKeyMaterialThatMustNotLeak',
      errorPassword: 'err-pass-0006',
      formatted: 'FormatArgSecret0007',
      binding: 'whsec_ChildBinding0008xyz',
      dbPassword: 'db-pass-0009',
      openAi: 'sk-OpenAiKey0010abcdefghijkl',
      basic: 'dXNlcjpCYXNpY1NlY3JldDAwMTE=',
      headerArray: 'header-token-0012',
    };
    log.info({ a: { b: { c: { d: { e: { password: secrets.deepField } } } } } }, 'deep');
    log.info(`calling the endpoint with Authorization: Bearer ${secrets.bearer}`);
    log.warn(`token ${secrets.apiToken} was refused`);
    log.info({ url: `https://example.test/login?user=ada&password=${secrets.queryPassword}&next=/` }, 'redirect');
    log.info(`provider said {"apiKey":"${secrets.jsonKey}","ok":true}`);
    log.info({ pem: PRIVATE_KEY }, 'key loaded');
    log.error({ err: new Error(`login failed for password=${secrets.errorPassword}`) }, 'sign-in failed');
    log.info('the header was %s', `Bearer ${secrets.formatted}`);
    log.child({ component: 'webhooks', signingSecret: secrets.binding }).info('child logger');
    log.info(`connecting to postgres://tandem:${secrets.dbPassword}@db.internal/tandem`);
    log.info({ detail: `key ${secrets.openAi} rejected` }, 'ai');
    log.info({ headers: [{ name: 'x', authorization: `Basic ${secrets.basic}` }] }, 'headers');
    log.info({ requests: [{ headers: { 'X-Api-Token': secrets.headerArray } }] }, 'request');

    for (const [kind, secret] of Object.entries(secrets)) expect(sink.output, kind).not.toContain(secret);
    // What is not secret stays readable.
    for (const text of ['calling the endpoint', 'was refused', 'login failed for', 'user=ada', 'postgres://tandem:']) {
      expect(sink.output).toContain(text);
    }
    expect(sink.output).toContain('[redacted private key]');
  });

  it('keeps every line valid JSON, errors typed, and counts under secret-sounding names', () => {
    const { sink, log } = capture();
    log.info({ usage: { promptTokens: 120 }, hasPermanentPassword: true }, 'summarized');
    log.error({ err: new TypeError('bad token=abc123def') }, 'failed');
    log.child({ sessionKey: 'child-session-key' }).info('child');
    // A class instance (a web framework's request) reaches its serializer intact; the line is still scrubbed.
    class Request {
      constructor(readonly headers: Record<string, string>) {}
    }
    log.info({ req: new Request({ authorization: 'Bearer class-secret-1', cookie: 'sid=class-cookie-2' }) }, 'req');
    const lines = sink.output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ usage: { promptTokens: 120 }, hasPermanentPassword: true });
    expect(lines[1]).toMatchObject({ err: { type: 'TypeError', message: 'bad token=[redacted]' } });
    expect(lines[2]).toMatchObject({ sessionKey: '[redacted]' });
    expect(lines[3]).toMatchObject({ req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } } });
  });
});
