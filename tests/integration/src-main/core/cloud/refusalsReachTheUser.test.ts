import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import i18next from 'i18next';
import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../../server/app';
import { startServer } from '../../../../support/testServer';
import { bootCore, type BootedCore } from '../../../../../src-main/core/boot';
import { EndpointClient } from '../../../../../src-main/core/cloud/endpointClient';
import { adminRoutes } from '../../../../../src-shared/admin/contract';
import { de } from '../../../../../src-renderer/i18n/de';
import { en } from '../../../../../src-renderer/i18n/en';
import { formatWait } from '../../../../../src-renderer/shell/formatWait';
import { errorMessage } from '../../../../../src-renderer/shell/useAction';
import { errorsDe } from '../../../../../src-shared/errors.de';
import { errorsEn } from '../../../../../src-shared/errors.en';
import { TandemError } from '../../../../../src-shared/errors';
import { apiCaller } from '../../../../support/apiCall';
import { recordingInjector } from '../../../../support/corePair';
import { memoryLogger } from '../../../../support/silentLogger';
import { setupTokenOf } from '../../../../support/setupToken';
import { tempDir } from '../../../../support/tempDir';

/** A port nothing listens on. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const PASSWORD = 'correct horse battery';

/**
 * A refusal travels from the real endpoint through the real core (its HTTP client and IPC) to the
 * sentence the renderer shows: the endpoint's specific code, never a generic "could not process".
 */
describe('the endpoint’s specific refusal reaches the user, in English and German', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const cores: BootedCore[] = [];
  let server: RunningServer | null = null;
  const call = apiCaller(() => server!.url);

  beforeAll(async () => {
    await i18next.init({
      resources: { en: { translation: en }, de: { translation: de } },
      lng: 'en',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
    });
  });
  afterAll(async () => i18next.changeLanguage('en'));
  afterEach(async () => {
    for (const booted of cores.splice(0)) await booted.shutdown();
    await server?.close();
    server = null;
    for (const dir of dirs.splice(0)) dir.cleanup();
  });

  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made.path;
  };

  async function endpointWithAda() {
    server = await startServer({ dataDir: dir(), logger: false });
    await call('POST', '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada Admin',
      email: 'ada@acme.test',
      password: PASSWORD,
      setupToken: setupTokenOf(server),
    });
    return server.url;
  }

  /** A core talking to `cloudUrl`; `signIn` answers the refusal as the IPC client receives it. */
  async function core(cloudUrl: string) {
    const booted = await bootCore({
      dataDir: dir(),
      runtime: 'browser',
      version: '0.0.0-test',
      log: memoryLogger().log,
      cloudUrl,
      injector: recordingInjector(),
      startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
    });
    cores.push(booted);
    return {
      async signIn(email: string, password: string, totp?: string): Promise<TandemError> {
        const result = await booted.core.dispatch('account.signIn', { email, password, ...(totp ? { totp } : {}) });
        if (result.ok) throw new Error('expected a refusal, the sign-in succeeded');
        return TandemError.fromShape(result.error);
      },
    };
  }

  /** What the renderer shows for this error, in both languages. */
  async function shown(error: TandemError): Promise<{ en: string; de: string }> {
    await i18next.changeLanguage('en');
    const english = errorMessage(i18next.t, error);
    await i18next.changeLanguage('de');
    const german = errorMessage(i18next.t, error);
    return { en: english, de: german };
  }

  it('a wrong password reads as a wrong e-mail or password', async () => {
    const app = await core(await endpointWithAda());
    const error = await app.signIn('ada@acme.test', 'not the password');
    expect(error.code).toBe('wrong_credentials');
    expect(await shown(error)).toEqual({ en: errorsEn.wrong_credentials, de: errorsDe.wrong_credentials });
  });

  it('an account with a second factor asks for the authenticator code, then says a wrong one is wrong', async () => {
    const app = await core(await endpointWithAda());
    const token = (await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: PASSWORD })).body!
      .token as string;
    const { secret } = (await call('POST', '/api/v1/auth/totp', { password: PASSWORD }, token)).body as {
      secret: string;
    };
    const needed = await app.signIn('ada@acme.test', PASSWORD);
    expect(needed.code).toBe('totp_required');
    expect(await shown(needed)).toEqual({ en: errorsEn.totp_required, de: errorsDe.totp_required });

    const current = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    const wrong = await app.signIn('ada@acme.test', PASSWORD, current === '000000' ? '111111' : '000000');
    expect(wrong.code).toBe('wrong_totp');
    expect((await shown(wrong)).en).toBe(errorsEn.wrong_totp);
  });

  it('too many attempts say how many seconds to wait', async () => {
    const app = await core(await endpointWithAda());
    let error: TandemError | null = null;
    for (let attempt = 0; attempt < 20 && error?.code !== 'rate_limited'; attempt++)
      error = await app.signIn('ada@acme.test', `guess-${attempt}`);
    expect(error?.code).toBe('rate_limited');
    const waitMs = error!.retryAfterMs!;
    expect(waitMs).toBeGreaterThan(0);
    const text = await shown(error!);
    expect(text.en).toBe(
      `Too many attempts from this computer or network. Wait ${formatWait(waitMs, 'en')}, then try again.`,
    );
    expect(text.en).toMatch(/Wait \d+ (seconds?|minutes?),/);
    expect(text.de).toBe(errorsDe.rate_limited.replace('{{wait}}', formatWait(waitMs, 'de')));
    expect(text.de).toMatch(/Warten Sie \d+ (Sekunden?|Minuten?) /);
  });

  it('an endpoint nobody answers at reads as unreachable, not as a refusal', async () => {
    const app = await core(`http://127.0.0.1:${await freePort()}`);
    const error = await app.signIn('ada@acme.test', PASSWORD);
    expect(error.code).toBe('cloud_unreachable');
    expect(await shown(error)).toEqual({ en: errorsEn.cloud_unreachable, de: errorsDe.cloud_unreachable });
  });

  describe('only a missing or unknown code falls back by HTTP status', () => {
    let proxy: Server;
    /** What the stand-in in front of the endpoint answers to every request: status, headers, body. */
    let answer: { status: number; headers?: Record<string, string>; body: string };
    beforeAll(async () => {
      proxy = createHttpServer((request, response) => {
        if (request.url === '/healthz') {
          response.writeHead(200, { 'content-type': 'application/json' });
          const health = { status: 'ok', service: 'tandem-cloud', version: '0.0.0', instanceId: 'stand-in' };
          return response.end(JSON.stringify({ ...health, uptimeSeconds: 1 }));
        }
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(answer.body);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    const url = () => `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;

    it('a code this app does not know reads by its status, and keeps the endpoint’s message for the log', async () => {
      const app = await core(url());
      answer = { status: 403, body: JSON.stringify({ error: { code: 'from_a_newer_endpoint', message: 'why' } }) };
      const error = await app.signIn('ada@acme.test', PASSWORD);
      expect(error).toMatchObject({ code: 'forbidden', message: 'why' });
      expect((await shown(error)).en).toBe(errorsEn.forbidden);
    });

    it('a proxy’s 429 without a body says the wait from Retry-After; its 502 reads as unreachable', async () => {
      const app = await core(url());
      answer = { status: 429, headers: { 'retry-after': '30' }, body: 'slow down' };
      const limited = await app.signIn('ada@acme.test', PASSWORD);
      expect(limited).toMatchObject({ code: 'rate_limited', retryAfterMs: 30_000 });
      expect((await shown(limited)).en).toContain('Wait 30 seconds,');
      answer = { status: 502, body: '<html>Bad Gateway</html>' };
      expect((await app.signIn('ada@acme.test', PASSWORD)).code).toBe('cloud_unreachable');
    });

    it('the device’s client maps the same way; a failed endpoint counts as unreachable so its start-up retries', async () => {
      const device = { id: '123456789', sign: () => 'signature' };
      const client = new EndpointClient(url(), false, { device, userToken: () => null });
      const refusal = (status: number, code: string) =>
        ({ status, body: JSON.stringify({ error: { code, message: code } }) }) as typeof answer;
      const failure = () => client.call(adminRoutes['devices.me.facts'], {}).catch((e: unknown) => e);
      answer = refusal(409, 'id_taken');
      expect(await failure()).toMatchObject({ code: 'id_taken' });
      answer = refusal(409, 'from_a_newer_endpoint');
      expect(await failure()).toMatchObject({ code: 'invalid_request' });
      answer = refusal(500, 'internal');
      expect(await failure()).toMatchObject({ code: 'cloud_unreachable' });
    });
  });
});
