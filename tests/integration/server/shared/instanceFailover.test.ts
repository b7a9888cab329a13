import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { summarizeBuiltin, type SummaryInput } from '../../../../src-main/core/insights/builtinSummarizer';
import { AUDIT_GENESIS_HASH, canonicalJson } from '../../../../src-shared/consent/canonicalJson';
import { NO_COMPANY_SUPPORTER, decideLogging, type HostFacts } from '../../../../src-shared/consent/decision';
import type { AuditEntry } from '../../../../src-shared/domain/consent';
import type { SummaryChange } from '../../../../src-shared/domain/summarySync';
import {
  serverMessageSchema,
  SIGNAL_PATH,
  signalAuthPayload,
  type ServerMessage,
} from '../../../../src-shared/signaling/protocol';
import { apiCaller } from '../../../support/apiCall';
import { startDevices, type Devices, type TestDevice } from '../../../support/corePair';
import { deviceRequestHeaders, endpointInstanceId } from '../../../support/deviceRequest';
import { startEndpointInstances, type EndpointInstances } from '../../../support/endpointInstances';
import { testDatabaseFor } from '../../../support/testServer';
import type { LoadBalancer } from '../../../support/loadBalancer';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { tempDir } from '../../../support/tempDir';

const ADA = { email: 'ada@acme.test', password: 'correct horse battery' };
/** Devices that hand in summaries, audit entries and credit charges (raw HTTP and hub sockets). */
const DEVICES = 12;
/** Of each: what every device hands in during the run. */
const ROUNDS = 5;
/** Real desktop cores (their own signaling client, its back-off and re-registration). */
const CORES = 3;
/** Asking a device again until it is reached: the survivors take it within seconds. */
const POLL = { timeout: 20_000, interval: 250 };
/** A request lost with its socket is never answered: ask again. */
const unanswered = () => new Promise<string>((resolve) => setTimeout(() => resolve('unanswered'), 2_000));

const fields = summarizeBuiltin(
  JSON.parse(readFileSync('tests/fixtures/sessions/printer-en.json', 'utf8')) as SummaryInput,
  'en',
);
const hostFacts: HostFacts = {
  companyId: 'acme',
  aiActivated: false,
  incoming: { enabled: false, scope: 'all_company_devices' },
  deviceOfCompany: true,
  managed: false,
  policy: null,
  quickSupportModule: null,
  accessControl: 'after_confirmation',
};

/** The next entry of a device's consent audit chain, linked to the one before by its hash. */
function nextAuditEntry(deviceId: string, previous: AuditEntry | undefined): AuditEntry {
  const body = {
    requestId: randomUUID(),
    at: new Date().toISOString(),
    deviceId,
    supporter: NO_COMPANY_SUPPORTER,
    host: hostFacts,
    answer: 'pending' as const,
    decision: decideLogging(NO_COMPANY_SUPPORTER, hostFacts, 'pending'),
    policyVersion: null,
  };
  const prevHash = previous?.hash ?? AUDIT_GENESIS_HASH;
  const hash = createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
  return { ...body, seq: (previous?.seq ?? 0) + 1, prevHash, hash };
}

/**
 * Asks again, as the desktop does, until the endpoint answers: a request that died with its
 * instance (connection reset, or the balancer finding nobody for a moment) is simply sent again.
 */
async function untilAnswered<T>(attempt: () => Promise<{ status: number; body: T }>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      const answer = await attempt();
      if (answer.status === 200) return answer.body;
      if (answer.status < 500) throw new Error(`refused: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    } catch (error) {
      if ((error as Error).message.startsWith('refused') || tries >= 40) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * Math.min(tries, 10)));
  }
}

/**
 * A device on the hub through the balancer that stays there as the desktop's signaling client
 * does: when its socket drops it connects again (through the balancer, so to an instance that is
 * alive) and authenticates anew, which re-registers its route.
 */
function stayOnHub(url: string, deviceId: string, key: KeyObject) {
  const listeners = new Set<(message: ServerMessage) => void>();
  let socket: WebSocket | null = null;
  let stopped = false;
  let drops = 0;
  let online = false;
  const ready = new Set<() => void>();
  const open = () => {
    const current = new WebSocket(`${url.replace('http', 'ws')}${SIGNAL_PATH}`);
    socket = current;
    current.on('error', () => undefined);
    current.on('message', (data) => {
      const message = serverMessageSchema.parse(JSON.parse(String(data)));
      if (message.type === 'hello') {
        const signature = sign(null, Buffer.from(signalAuthPayload(message.nonce)), key).toString('base64url');
        current.send(JSON.stringify({ type: 'auth', deviceId, signature }));
      } else if (message.type === 'ready') {
        online = true;
        for (const resolve of ready) resolve();
        ready.clear();
      }
      for (const listener of listeners) listener(message);
    });
    current.once('close', () => {
      if (stopped) return;
      drops++;
      online = false;
      socket = null;
      setTimeout(open, 100 + Math.random() * 200);
    });
  };
  open();
  return {
    deviceId,
    get drops() {
      return drops;
    },
    /** Authenticated on a live socket (so its route names a live instance). */
    get isOnline() {
      return online;
    },
    /** Resolves once the hub has answered `ready` on the current socket. */
    online: () => new Promise<void>((resolve) => ready.add(resolve)),
    send: (message: unknown) => socket?.readyState === WebSocket.OPEN && socket.send(JSON.stringify(message)),
    /** The first message from now on that `match` accepts. */
    next<T extends ServerMessage>(match: (message: ServerMessage) => message is T): Promise<T> {
      return new Promise((resolve) => {
        const listener = (message: ServerMessage) => {
          if (!match(message)) return;
          listeners.delete(listener);
          resolve(message);
        };
        listeners.add(listener);
      });
    },
    close() {
      stopped = true;
      socket?.terminate();
    },
  };
}
type HubDevice = ReturnType<typeof stayOnHub>;

describe('an endpoint instance that dies under load', () => {
  let redis: RedisServer;
  let endpoint: EndpointInstances | undefined;
  let dir: ReturnType<typeof tempDir> | undefined;
  let cores: Devices<LoadBalancer> | undefined;
  const hubDevices: HubDevice[] = [];
  beforeEach(async () => {
    // Each run its own Redis: the hub's rate limits there outlive a run by a minute.
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const device of hubDevices.splice(0)) device.close();
    await cores?.close();
    await endpoint?.close();
    dir?.cleanup();
    [cores, endpoint, dir] = [undefined, undefined, undefined];
    await redis?.stop();
  });

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    '%s: loses and duplicates no summary, audit entry or credit charge, and every device is reached again through the survivors',
    async (signal) => {
      dir = tempDir();
      endpoint = await startEndpointInstances(3, {
        redis: redis.url,
        dataDir: dir.path,
        // integration: one SQLite folder; integration-postgres: one PostgreSQL, a folder per instance.
        database: await testDatabaseFor(dir.path),
      });
      const url = endpoint.url;
      const call = apiCaller(() => url);
      const { companyId } = await endpoint.operator(
        'create-company',
        ['--company', 'Acme', '--admin-name', 'Ada Admin', '--admin-email', ADA.email],
        { TANDEM_ADMIN_PASSWORD: ADA.password },
      );
      await endpoint.operator('add-credits', ['--company', String(companyId), '--amount', '1000']);
      const ada = (await call('POST', '/api/v1/auth/sign-in', ADA)).body!.token as string;
      const balance = async () => (await call('GET', '/api/v1/credits', undefined, ada)).body!.balance as number;
      const startBalance = await balance();
      const audience = await endpointInstanceId(url);

      /** A request signed by a device, as its CloudClient signs it. */
      const asDevice = (deviceId: string, key: KeyObject) => async (path: string, body?: unknown, bearer?: string) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: {
            ...deviceRequestHeaders(deviceId, key, {
              method: 'POST',
              path,
              audience,
              ...(payload && { body: payload }),
            }),
            ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          },
          body: payload,
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };

      // Company devices, registered and joined through the balancer, each on the hub.
      const devices = [];
      for (let i = 0; i < DEVICES; i++) {
        const deviceId = String(500_000_001 + i);
        const { publicKey, privateKey } = generateKeyPairSync('ed25519');
        const registered = await call('POST', '/api/v1/devices', {
          deviceId,
          publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
          platform: 'linux',
          name: `PC ${i}`,
        });
        expect(registered.status).toBe(200);
        const post = asDevice(deviceId, privateKey);
        expect((await post('/api/v1/devices/me/join-company', undefined, ada)).status).toBe(200);
        const hub = stayOnHub(url, deviceId, privateKey);
        await hub.online();
        hubDevices.push(hub);
        devices.push({ deviceId, post, hub });
      }
      const supporterKey = generateKeyPairSync('ed25519');
      await call('POST', '/api/v1/devices', {
        deviceId: '500000999',
        publicKey: supporterKey.publicKey.export({ type: 'spki', format: 'pem' }),
        platform: 'linux',
        name: 'Supporter',
      });
      const supporter = stayOnHub(url, '500000999', supporterKey.privateKey);
      hubDevices.push(supporter);
      await supporter.online();
      // Real desktop cores behind a balancer that sends them all to the instance about to stop
      // (the others standing by): one supporter, the others hosts.
      const standby = await endpoint.balancer([1, 0, 2], { rotate: false });
      cores = await startDevices(CORES + 1, {}, [standby]);
      const [supporterCore, ...hostCores] = cores.devices as [TestDevice, ...TestDevice[]];
      const coresDropped = Promise.all(
        cores.devices.map((core) => core.next('signaling.changed', (status) => status.state === 'offline', 30_000)),
      );

      // What the endpoint told a device it stored: it must hold exactly these afterwards.
      const summaries = new Set<string>();
      const charged = new Set<string>();
      const lastSeq = new Map<string, number>();
      const total = DEVICES * ROUNDS * 3;
      let acknowledged = 0;
      let reachedThird: () => void;
      const thirdDone = new Promise<void>((resolve) => (reachedThird = resolve));
      const acknowledge = () => ++acknowledged === Math.floor(total / 3) && reachedThird();

      const work = devices.map(async ({ deviceId, post }) => {
        let audit: AuditEntry | undefined;
        for (let round = 0; round < ROUNDS; round++) {
          const change: SummaryChange = {
            op: 'upsert',
            key: randomUUID(),
            id: randomUUID(),
            requestId: randomUUID(),
            baseVersion: 0,
            createdAt: new Date().toISOString(),
            fields,
          };
          const pushed = await untilAnswered(() => post('/api/v1/devices/me/summaries/push', { changes: [change] }));
          expect(pushed.results).toEqual([expect.objectContaining({ status: 'applied', id: change.id, version: 1 })]);
          summaries.add(change.id);
          acknowledge();

          audit = nextAuditEntry(deviceId, audit);
          const entry = audit;
          const stored = await untilAnswered(() => post('/api/v1/devices/me/consent-audit', { entries: [entry] }));
          expect(stored.lastSeq).toBe(entry.seq);
          lastSeq.set(deviceId, entry.seq);
          acknowledge();

          const sessionId = `session-${deviceId}-${round}`;
          const reserved = await untilAnswered(() => post('/api/v1/devices/me/credits/reserve', { sessionId }));
          expect(reserved).toMatchObject({ balance: expect.any(Number) });
          charged.add(sessionId);
          acknowledge();
        }
      });

      await thirdDone;
      await endpoint.stop(1, signal);
      await Promise.all(work);
      await coresDropped;
      expect(acknowledged).toBe(total);
      // The stopped instance carried some of the devices: they lost their socket and came back.
      expect(hubDevices.filter((device) => device.drops > 0).length).toBeGreaterThan(0);

      // Stored exactly once: every summary once at version 1, every chain whole, every session charged once.
      const pulled = (await call('GET', '/api/v1/summaries/changes?since=0&limit=500', undefined, ada)).body!;
      const pulledIds = (pulled.changes as { id: string; version: number }[]).map((change) => change.id);
      expect(pulled.more).toBe(false);
      expect(pulledIds.sort()).toEqual([...summaries].sort());
      expect((pulled.changes as { version: number }[]).every((change) => change.version === 1)).toBe(true);
      const trails = (await call('GET', '/api/v1/admin/consent-audit', undefined, ada)).body!.devices as {
        deviceId: string;
        intact: boolean;
        entries: AuditEntry[];
      }[];
      expect(new Map(trails.map((trail) => [trail.deviceId, trail.entries.length]))).toEqual(lastSeq);
      expect(trails.every((trail) => trail.intact)).toBe(true);
      expect(charged.size).toBe(DEVICES * ROUNDS);
      expect(await balance()).toBe(startBalance - charged.size);

      // Every device is reachable again through the survivors: a supporter's request reaches it.
      // Asked once each is back on the hub: every request counts against the hub's rate limit.
      await expect.poll(() => hubDevices.every((device) => device.isOnline), POLL).toBe(true);
      await expect
        .poll(() => hostCores.every((core) => core.booted.core.signaling.state === 'online'), POLL)
        .toBe(true);
      for (const { deviceId, hub } of devices) {
        await expect
          .poll(async () => {
            const requestId = randomUUID();
            const incoming = hub.next(
              (message): message is Extract<ServerMessage, { type: 'incoming' }> =>
                message.type === 'incoming' && message.requestId === requestId,
            );
            const refused = supporter.next(
              (message): message is Extract<ServerMessage, { type: 'error' }> =>
                message.type === 'error' && message.requestId === requestId,
            );
            supporter.send({
              type: 'connect',
              requestId,
              target: deviceId,
              supporter: { name: 'Ada Support', company: '' },
              access: 'view',
            });
            const outcome = await Promise.race([
              incoming.then(() => 'reached'),
              refused.then((error) => error.code),
              unanswered(),
            ]);
            // Withdrawn at once: the hub lets a supporter keep only a few requests waiting.
            supporter.send({ type: 'end', requestId, reason: 'ended_by_supporter' });
            return outcome;
          }, POLL)
          .toBe('reached');
      }
      // The real cores too: connect by ID and password, the host is asked.
      for (const host of hostCores) {
        const { deviceId, oneTimePassword } = await host.call('device.identity', {});
        let requestId: string | undefined;
        const asked = async () => {
          const prompted = host.session((view) => view.requestId === requestId && view.state === 'prompting');
          const failed = supporterCore.session((view) => view.requestId === requestId && view.state === 'ended');
          ({ requestId } = await supporterCore.call('session.connect', {
            partnerId: deviceId,
            password: oneTimePassword,
            access: 'view',
          }));
          return Promise.race([
            prompted.then(
              () => 'asked',
              () => 'not asked',
            ),
            failed.then(
              (view) => view.failure?.code ?? view.endReason,
              () => 'no answer',
            ),
          ]);
        };
        await expect.poll(asked, POLL).toBe('asked');
        await host.call('session.answerPrompt', { requestId: requestId!, accept: false });
      }
    },
    60_000,
  );
});
