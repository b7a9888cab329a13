import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { startServer, startSqliteServer } from '../../../support/testServer';
import { readServerConfig } from '../../../../server/config';
import { SERVER_DB_FILE } from '../../../../server/db/serverDatabase';
import { verifyWebhookSignature } from '../../../../server/integrations/deliveryWorker';
import { summarizeBuiltin, type SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import { apiCaller } from '../../../support/apiCall';
import { recordingServer } from '../../../support/recordingServer';
import { setupTokenOf } from '../../../support/setupToken';
import { tempDir } from '../../../support/tempDir';

const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);
const PASSWORD = 'correct horse battery';
const mode = (path: string) => statSync(path).mode & 0o777;
/** Everything on disk that holds the database's content. */
const databaseBytes = (dir: string) =>
  ['', '-wal', '-shm']
    .map((suffix) => join(dir, `${SERVER_DB_FILE}${suffix}`))
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path).toString('latin1'))
    .join('');

describe('secrets at rest on the endpoint', () => {
  let dir: ReturnType<typeof tempDir>;
  let dataDir: string;
  let server: RunningServer | undefined;
  let receiver: Awaited<ReturnType<typeof recordingServer>>;
  const key = randomBytes(32);
  const call = apiCaller(() => server!.url);

  beforeEach(async () => {
    dir = tempDir();
    dataDir = join(dir.path, 'cloud');
    receiver = await recordingServer((request) =>
      request.path.startsWith('/api/now/table/incident?')
        ? { status: 200, body: { result: [{ sys_id: 'a1' }] } }
        : { status: 200, body: {} },
    );
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await receiver.close();
    dir.cleanup();
  });

  // `sqlite`: the tests about the database file itself (its bytes, its mode), on the embedded engine.
  const start = async (secretKey: Buffer | null = key, engine: 'this run' | 'sqlite' = 'this run') => {
    server = await (engine === 'sqlite' ? startSqliteServer : startServer)({
      dataDir,
      logger: false,
      deliveryPeriodMs: 3_600_000,
      allowPrivateIntegrations: true,
      secretKey: secretKey ?? undefined,
    });
    return server;
  };
  const signIn = async (totp?: string) =>
    (
      await call('POST', '/api/v1/auth/sign-in', {
        email: 'ada@acme.test',
        password: PASSWORD,
        ...(totp ? { totp } : {}),
      })
    ).body!.token as string;

  /** A company whose admin has TOTP, a webhook and both connectors: every kind of stored secret. */
  const furnish = async () => {
    await call('POST', '/api/v1/setup', {
      company: 'Acme',
      name: 'Ada',
      email: 'ada@acme.test',
      password: PASSWORD,
      setupToken: setupTokenOf(server!),
    });
    const admin = await signIn();
    const totpSecret = (await call('POST', '/api/v1/auth/totp', { password: PASSWORD }, admin)).body!.secret as string;
    const webhookSecret = (
      await call('POST', '/api/v1/admin/webhooks', { url: `${receiver.url}/hook`, events: ['summary.created'] }, admin)
    ).body!.secret as string;
    const snPassword = `sn-${randomUUID()}`;
    const sfToken = `sf-${randomUUID()}`;
    await call(
      'PUT',
      '/api/v1/admin/connectors/servicenow',
      { enabled: true, instanceUrl: receiver.url, username: 'tandem', password: snPassword },
      admin,
    );
    await call(
      'PUT',
      '/api/v1/admin/connectors/salesforce',
      { enabled: true, instanceUrl: receiver.url, accessToken: sfToken },
      admin,
    );
    return { admin, secrets: { totpSecret, webhookSecret, snPassword, sfToken } };
  };
  const totpCode = (secret: string) =>
    new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6 }).generate();

  /** After a restart: each secret still does its job, so it was sealed, not lost. */
  const stillWorks = async (secrets: Awaited<ReturnType<typeof furnish>>['secrets']) => {
    const admin = await signIn(totpCode(secrets.totpSecret));
    expect(admin).toEqual(expect.any(String));
    await call(
      'POST',
      '/api/v1/summaries/push',
      {
        changes: [
          {
            op: 'upsert',
            key: randomUUID(),
            id: randomUUID(),
            requestId: randomUUID(),
            baseVersion: 0,
            createdAt: '2026-11-21T10:00:00.000Z',
            fields: { ...fields, ticket: 'INC0010001' },
          },
        ],
      },
      admin,
    );
    await server!.deliveries.runDue();
    const hook = receiver.received.find((request) => request.path === '/hook')!;
    expect(verifyWebhookSignature(secrets.webhookSecret, hook.headers['tandem-signature'] as string, hook.body)).toBe(
      true,
    );
    expect(receiver.received.find((request) => request.method === 'PATCH')?.headers.authorization).toBe(
      `Basic ${Buffer.from(`tandem:${secrets.snPassword}`).toString('base64')}`,
    );
  };

  it('the database holds no TOTP, webhook or connector secret in clear; the folder is 0700, its files 0600', async () => {
    await start(key, 'sqlite');
    const { secrets } = await furnish();
    // While running (database, -wal and -shm all present) and after a clean stop.
    expect(mode(dataDir)).toBe(0o700);
    for (const suffix of ['', '-wal', '-shm']) expect(mode(join(dataDir, `${SERVER_DB_FILE}${suffix}`))).toBe(0o600);
    for (const secret of Object.values(secrets)) expect(databaseBytes(dataDir)).not.toContain(secret);
    await server!.close();
    for (const secret of Object.values(secrets)) expect(databaseBytes(dataDir)).not.toContain(secret);

    await start(key, 'sqlite');
    await stillWorks(secrets);
  });

  it('a start tightens a folder and database an older version left readable, and seals its plaintext secrets', async () => {
    await start(key, 'sqlite');
    const { secrets } = await furnish();
    const userId = (await call('GET', '/api/v1/me', undefined, await signIn(totpCode(secrets.totpSecret)))).body!.id;
    await server!.close();
    server = undefined;

    // What an older version left: plaintext secrets, no secret box yet, files anyone may read.
    const old = new Database(join(dataDir, SERVER_DB_FILE));
    old.exec('DELETE FROM secret_box');
    old.prepare('UPDATE users SET totp_secret = ? WHERE id = ?').run(secrets.totpSecret, userId);
    old.prepare('UPDATE webhooks SET secret = ?').run(secrets.webhookSecret);
    for (const [kind, secret] of [
      ['servicenow', secrets.snPassword],
      ['salesforce', secrets.sfToken],
    ] as const) {
      const row = old.prepare('SELECT config FROM connectors WHERE kind = ?').get(kind) as { config: string };
      old
        .prepare('UPDATE connectors SET config = ? WHERE kind = ?')
        .run(JSON.stringify({ ...JSON.parse(row.config), secret }), kind);
    }
    old.close();
    expect(databaseBytes(dataDir)).toContain(secrets.webhookSecret);
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, SERVER_DB_FILE), 0o644);

    await start(key, 'sqlite');
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, SERVER_DB_FILE))).toBe(0o600);
    for (const secret of Object.values(secrets)) expect(databaseBytes(dataDir)).not.toContain(secret);
    await stillWorks(secrets);
  });

  it('a wrong key stops the start with a clear error, not garbage', async () => {
    await start();
    await furnish();
    await server!.close();
    server = undefined;
    await expect(start(randomBytes(32))).rejects.toMatchObject({
      code: 'secret_key_wrong',
      message: expect.stringContaining(
        'Start the endpoint with the key it used before (TANDEM_SECRET_KEY or --secret-key-file)',
      ),
    });
    // The right key still opens everything.
    await start();
    expect(
      (await call('POST', '/api/v1/auth/sign-in', { email: 'ada@acme.test', password: PASSWORD })).body,
    ).toMatchObject({ error: { code: 'totp_required' } });
  });

  it('without a key: loopback generates one (0600) in the data folder; any other address refuses to start', async () => {
    await start(null);
    const keyFile = join(dataDir, 'secret-key');
    expect(mode(keyFile)).toBe(0o600);
    const { secrets } = await furnish();
    await server!.close();
    server = undefined;
    expect(readFileSync(keyFile, 'utf8')).not.toContain(secrets.webhookSecret);
    await start(null);
    await stillWorks(secrets);
    await server!.close();
    server = undefined;

    await expect(
      startServer({ dataDir: join(dir.path, 'exposed'), host: '0.0.0.0', port: 0, logger: false }),
    ).rejects.toMatchObject({ code: 'secret_key_required', message: expect.stringContaining('TANDEM_SECRET_KEY') });
    expect(existsSync(join(dir.path, 'exposed'))).toBe(false);
  });

  it('the operator’s key comes from TANDEM_SECRET_KEY or an owner-only --secret-key-file, with specific errors', () => {
    const good = randomBytes(32).toString('base64');
    expect(readServerConfig([], { TANDEM_SECRET_KEY: good }).secretKey?.toString('base64')).toBe(good);
    expect(() => readServerConfig([], { TANDEM_SECRET_KEY: randomBytes(16).toString('base64') })).toThrow(
      'TANDEM_SECRET_KEY must be 32 random bytes in base64 (44 characters); it is 16 bytes. Generate one with: openssl rand -base64 32',
    );
    const file = join(dir.path, 'tandem.key');
    writeFileSync(file, `${good}\n`, { mode: 0o644 });
    expect(() => readServerConfig(['--secret-key-file', file], {})).toThrow(
      `The secret key file ${file} is readable by other users: chmod 600 it`,
    );
    chmodSync(file, 0o600);
    expect(readServerConfig(['--secret-key-file', file], {}).secretKey?.toString('base64')).toBe(good);
    expect(() => readServerConfig([], { TANDEM_SECRET_KEY: good, TANDEM_SECRET_KEY_FILE: file })).toThrow(
      'Give the secret key once',
    );
  });
});
