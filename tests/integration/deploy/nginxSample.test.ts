import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/testServer';
import { startEndpointInstances, type EndpointInstances } from '../../support/endpointInstances';
import { startRedisServer, type RedisServer } from '../../support/redisServer';
import { tempDir } from '../../support/tempDir';
import { hubDevice, is } from '../server/signaling/hubClient';
import { RECORDING_UPLOAD_CHUNK_BYTES, RECORDING_UPLOAD_PATH } from '../../../src-shared/video/recordingContract';

/*
 * docs/deploy/nginx.conf run for real: Debian's nginx in front of three endpoint instances on one
 * PostgreSQL and one Redis, as docs/deploy/server.md describes. Only what is this machine's differs
 * from the sample: the instances' addresses, the ports nginx listens on (loopback), the certificate's
 * folder, and where nginx keeps its pid, logs and buffers.
 */

/** Debian's nginx and its version (`nginx -v` says it on stderr), or undefined where it is not installed. */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx']
  .map((path) => ({ path, said: spawnSync(path, ['-v'], { encoding: 'utf8' }) }))
  .filter(({ said }) => said.status === 0)
  .map(({ path, said }) => ({ path, version: /nginx\/([\d.]+)/.exec(said.stderr)?.[1] ?? '0' }))[0];

const METRICS_TOKEN = randomBytes(24).toString('hex');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** nginx before 1.25.1 knows HTTP/2 only as a `listen` parameter, not as `http2 on;` (the image's 1.27 does). */
function http2Spelling(config: string, version: string): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  const older = major * 10_000 + minor * 100 + patch < 12_501;
  return older ? config.replace(/^(\s*)http2 on;\n/m, '').replace(/listen (\S+) ssl;/, 'listen $1 ssl http2;') : config;
}

describe('the nginx sample in front of three instances on PostgreSQL and Redis', () => {
  const dir = tempDir('tandem-nginx-');
  let redis: RedisServer;
  let database: { url: string; drop(): Promise<void> };
  let cloud: EndpointInstances;
  let nginx: ChildProcess;
  let https: string;
  let http: string;
  let ca: string;
  let tls: Agent;

  beforeAll(async () => {
    if (!NGINX) throw new Error('nginx is not installed: `apt-get install nginx` (.ci/run installs it).');
    redis = await startRedisServer();
    database = await createTestDatabase();
    cloud = await startEndpointInstances(3, {
      redis: redis.url,
      database: database.url,
      dataDir: join(dir.path, 'instances'),
      // nginx reaches them from loopback: the one address whose X-Forwarded-For they believe.
      env: { TANDEM_TRUST_PROXY: '127.0.0.1', TANDEM_METRICS_TOKEN: METRICS_TOKEN },
    });

    const tlsDir = join(dir.path, 'tls');
    mkdirSync(tlsDir);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=tandem.example.com',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(tlsDir, 'privkey.pem'),
        '-out',
        join(tlsDir, 'fullchain.pem'),
      ],
      { stdio: 'ignore' },
    );
    ca = readFileSync(join(tlsDir, 'fullchain.pem'), 'utf8');
    tls = new Agent({ connect: { ca } });

    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    https = `https://127.0.0.1:${httpsPort}`;
    http = `http://127.0.0.1:${httpPort}`;
    const ports = cloud.instances.map((instance) => new URL(instance.url).port);
    let upstream = 0;
    const config = http2Spelling(readFileSync('docs/deploy/nginx.conf', 'utf8'), NGINX.version)
      .replace(/^(\s*server\s+)tandem-\d+:8443/gm, (_, lead: string) => `${lead}127.0.0.1:${ports[upstream++]}`)
      .replace(/listen 80;/, `listen 127.0.0.1:${httpPort};`)
      .replace(/listen 443 ssl/, `listen 127.0.0.1:${httpsPort} ssl`)
      .replaceAll('/etc/nginx/tls/', `${tlsDir}/`)
      .replace(
        /^http \{\n/m,
        `http {\n  access_log off;\n  client_body_temp_path ${dir.path}/body;\n  proxy_temp_path ${dir.path}/proxy;\n`,
      );
    expect(upstream).toBe(3);
    const configFile = join(dir.path, 'nginx.conf');
    writeFileSync(configFile, config);
    const globals = `daemon off; pid ${dir.path}/nginx.pid;${process.getuid?.() === 0 ? ' user root;' : ''}`;
    const errorLog = join(dir.path, 'error.log');
    nginx = spawn(NGINX.path, ['-e', errorLog, '-p', dir.path, '-c', configFile, '-g', globals], { stdio: 'ignore' });
    const exited = new Promise<never>((_, reject) =>
      nginx.once('exit', (code) =>
        reject(new Error(`nginx refused the sample (exit ${code}): ${readFileSync(errorLog, 'utf8')}`)),
      ),
    );
    const listening = (async () => {
      for (;;) {
        const answered = await fetch(`${https}/healthz`, { dispatcher: tls }).catch(() => null);
        if (answered) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await Promise.race([listening, exited]);
  }, 60_000);

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    await cloud?.close();
    await database?.drop();
    await redis?.stop();
    dir.cleanup();
  });

  it('answers over TLS from the instances, and redirects plain HTTP to HTTPS', async () => {
    for (let i = 0; i < 6; i++) {
      const ready = await fetch(`${https}/readyz`, { dispatcher: tls });
      expect(ready.status).toBe(200);
    }
    const plain = await fetch(`${http}/api/v1/devices`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`https://127.0.0.1/api/v1/devices`);
  });

  it('keeps the metrics off the public side', async () => {
    const authorization = `Bearer ${METRICS_TOKEN}`;
    const outside = await fetch(`${https}/metrics`, { dispatcher: tls, headers: { authorization } });
    expect(outside.status).toBe(404);
    expect(await outside.text()).not.toContain('tandem_');
    // Each instance still serves them to Prometheus on the internal network.
    const inside = await fetch(`${cloud.instances[0]!.url}/metrics`, { headers: { authorization } });
    expect(inside.status).toBe(200);
    expect(await inside.text()).toContain('tandem_');
  });

  it('passes a recording’s upload piece of the recorder’s full size to the endpoint; elsewhere 1 MiB is the limit', async () => {
    const piece = randomBytes(RECORDING_UPLOAD_CHUNK_BYTES);
    const patch = (path: string) =>
      fetch(`${https}${path}`, {
        dispatcher: tls,
        method: 'PATCH',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
        body: piece,
      });
    // nginx passes it on rather than refusing it with 413. (The endpoint refuses a caller without a
    // session at once, often before the piece is through: nginx, still streaming it, may then
    // answer 502 instead of relaying the endpoint's 401.)
    const upload = await patch(`${RECORDING_UPLOAD_PATH}/${randomUUID()}`);
    expect(upload.status).not.toBe(413);
    expect([401, 403, 404, 502]).toContain(upload.status);
    // The same body anywhere else stops at nginx.
    const elsewhere = await patch('/api/v1/devices');
    expect(elsewhere.status).toBe(413);
  });

  it('passes the signaling WebSocket upgrade: a supporter reaches a host through it, whichever instances they land on', async () => {
    const host = await hubDevice(https, '710000001', undefined, { ca });
    const supporter = await hubDevice(https, '710000002', undefined, { ca });
    const requestId = randomUUID();
    supporter.send({
      type: 'connect',
      requestId,
      target: '710000001',
      supporter: { name: 'Ada Support', company: 'Helpdesk Inc' },
      access: 'full',
    });
    expect(await host.waitFor(is('incoming'))).toMatchObject({ requestId, from: '710000002' });
    host.send({ type: 'relay', requestId, payload: { kind: 'through-nginx' } });
    expect((await supporter.waitFor(is('relay'))).payload).toEqual({ kind: 'through-nginx' });
    host.socket.close();
    supporter.socket.close();
  });
});
