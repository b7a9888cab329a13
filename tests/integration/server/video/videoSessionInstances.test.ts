import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountStore } from '../../../../server/accounts/accountStore';
import type { RunningServer } from '../../../../server/app';
import { VideoSessionStore } from '../../../../server/video/videoSessionStore';
import type { VideoSessionDetails } from '../../../../src-shared/video/sessionContract';
import { apiCaller } from '../../../support/apiCall';
import { startRedisServer, type RedisServer } from '../../../support/redisServer';
import { createTestDatabase, startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { frame, videoFeed } from '../../../support/videoFeedClient';
import { videoParties } from '../../../support/videoParties';

const SESSIONS = '/api/v1/video/sessions';
const MY_SESSIONS = '/api/v1/video/me/sessions';
const HOUR = 3_600_000;

describe('video sessions on two endpoint instances sharing one PostgreSQL and one Redis', () => {
  let redis: RedisServer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const dirs: ReturnType<typeof tempDir>[] = [];
  let a: RunningServer | undefined;
  let b: RunningServer | undefined;
  const sockets: { close(): void }[] = [];
  /** How far both instances' video clock is ahead of the real one. */
  let ahead = 0;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await a?.close();
    await b?.close();
    a = b = undefined;
    await database?.drop();
    for (const dir of dirs.splice(0)) dir.cleanup();
  });

  async function start() {
    ahead = 0;
    database = await createTestDatabase();
    const secretKey = randomBytes(32);
    const instance = () => {
      const dir = tempDir();
      dirs.push(dir);
      return startServer({
        dataDir: dir.path,
        database: database.url,
        secretKey,
        redis: redis.url,
        logger: false,
        video: { now: () => Date.now() + ahead, sweepPeriodMs: 25 },
      });
    };
    // One after the other: the first migrates the database.
    a = await instance();
    b = await instance();
    const parties = videoParties(() => a!.url, dirs[0]!.path);
    const onB = apiCaller(() => b!.url);
    // Made in the shared database itself: the operator's command would look for the data folder's own.
    const accounts = new AccountStore(a.data, a.secrets);
    const company = async (name: string, domain: string) => {
      const email = `admin@${domain}`;
      const password = 'a long passphrase';
      const { companyId } = await accounts.createCompany({ company: name, email, name: `${name} Admin`, password });
      const admin = (await parties.call('POST', '/api/v1/auth/sign-in', { email, password })).body!.token as string;
      return { companyId, admin, manager: await parties.user(admin, `manager@${domain}`, ['video.manage']) };
    };
    const acme = await company('Acme Service', 'acme.test');
    const first = await parties.employee(acme.admin, 'first@acme.test', ['video.conduct', 'video.view']);
    const second = await parties.employee(acme.admin, 'second@acme.test', ['video.conduct', 'video.view']);
    const pump = await parties.device(acme.manager, 'Pump 2');
    const atPump = await parties.codeUser(pump.code);
    const globex = await company('Globex', 'globex.test');
    const globexAgent = await parties.employee(globex.admin, 'agent@globex.test', ['video.view', 'video.conduct']);
    const lathe = await parties.device(globex.manager, 'Lathe');
    const atLathe = await parties.codeUser(lathe.code);
    return { parties, onA: parties.call, onB, acme, first, second, pump, atPump, globexAgent, atLathe };
  }

  it('two employees confirming the same request at once, on two instances: exactly one is assigned, the other told it is CONFIRMED', async () => {
    const { onA, onB, first, second, atPump } = await start();
    for (let round = 0; round < 6; round++) {
      const id = (await onA('POST', MY_SESSIONS, { reason: `Round ${round}` }, atPump)).body!.id as string;
      const confirm = (call: typeof onA, token: string) =>
        call('POST', `${SESSIONS}/${id}/events`, { event: 'confirm' }, token);
      const answers = await Promise.all([confirm(onA, first.token), confirm(onB, second.token)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const lost = answers.find((answer) => answer.status === 409)!;
      expect(lost.body!.error).toMatchObject({
        code: 'video_transition_forbidden',
        message: expect.stringContaining('CONFIRMED'),
      });
      const won = answers.find((answer) => answer.status === 200)!.body as unknown as VideoSessionDetails;
      const details = (await onB('GET', `${SESSIONS}/${id}`, undefined, first.token))
        .body as unknown as VideoSessionDetails;
      expect(details.assignees).toEqual(won.assignees);
      expect(details.assignees).toHaveLength(1);
      expect(details.history.filter((change) => change.event === 'confirm')).toHaveLength(1);
    }
  });

  it('a DONE session closes when the review period has run out — not before — recorded once though both instances sweep', async () => {
    const { onA, onB, first, atPump, acme } = await start();
    await onA('PUT', '/api/v1/video/settings', { requests: 'all', requestGroups: [], reviewHours: 2 }, acme.manager);
    const id = (await onA('POST', MY_SESSIONS, { reason: 'Review me' }, atPump)).body!.id as string;
    await onB('POST', `${SESSIONS}/${id}/events`, { event: 'confirm' }, first.token);
    const calls = new VideoSessionStore(a!.data, () => undefined);
    await calls.callStarted(id);
    const done = await calls.callEnded(id);
    expect(done?.status).toBe('DONE');
    const doneAt = Date.parse(done!.updatedAt);
    // Swept by both instances with a clock just short of the period: nothing closes.
    const at = (ms: number) =>
      [a!, b!].map(
        (s) =>
          new VideoSessionStore(
            s.data,
            () => undefined,
            () => new Date(ms),
          ),
      );
    expect(await Promise.all(at(doneAt + 2 * HOUR - 1000).map((store) => store.sweepReviews()))).toEqual([0, 0]);
    expect((await onA('GET', `${SESSIONS}/${id}`, undefined, first.token)).body!.status).toBe('DONE');

    // The instances' own sweepers, with their clock past the period: the feed tells of the close.
    const feed = await videoFeed(b!.url, first.token);
    sockets.push(feed);
    await feed.ready;
    ahead = 2 * HOUR + 1000;
    const closed = await feed.until(frame.session(id, 'CLOSED'));
    expect(closed.session.status).toBe('CLOSED');
    // Both kept sweeping meanwhile; a direct race of the two now closes nothing more.
    expect(await Promise.all(at(doneAt + 3 * HOUR).map((store) => store.sweepReviews()))).toEqual([0, 0]);
    const details = (await onA('GET', `${SESSIONS}/${id}`, undefined, first.token))
      .body as unknown as VideoSessionDetails;
    expect(details.history.filter((change) => change.event === 'close')).toEqual([
      expect.objectContaining({ from: 'DONE', to: 'CLOSED', actor: { kind: 'system' } }),
    ]);
  });

  it('several DONE sessions swept by both instances at once: each closed exactly once', async () => {
    const { onA, first, atPump, acme } = await start();
    await onA('PUT', '/api/v1/video/settings', { requests: 'all', requestGroups: [], reviewHours: 1 }, acme.manager);
    const calls = new VideoSessionStore(a!.data, () => undefined);
    for (let i = 0; i < 4; i++) {
      const id = (await onA('POST', MY_SESSIONS, { reason: `Review ${i}` }, atPump)).body!.id as string;
      await onA('POST', `${SESSIONS}/${id}/events`, { event: 'confirm' }, first.token);
      await calls.callStarted(id);
      await calls.callEnded(id);
    }
    const later = Date.now() + 2 * HOUR;
    const sweeps = await Promise.all(
      [a!, b!, a!, b!].map((s) =>
        new VideoSessionStore(
          s.data,
          () => undefined,
          () => new Date(later),
        ).sweepReviews(),
      ),
    );
    expect(sweeps.reduce((sum, n) => sum + n, 0)).toBe(4);
  });

  it('a request taken by one instance notifies an employee connected to the other, and no other company', async () => {
    const { onA, onB, first, atPump, globexAgent, atLathe } = await start();
    const feedOnB = await videoFeed(b!.url, first.token);
    const globexOnB = await videoFeed(b!.url, globexAgent.token);
    sockets.push(feedOnB, globexOnB);
    await feedOnB.ready;
    await globexOnB.ready;
    const requested = (await onA('POST', MY_SESSIONS, { reason: 'Across' }, atPump)).body!;
    const notified = await feedOnB.until(frame.requested);
    expect(notified.session).toMatchObject({ id: requested.id, reason: 'Across', deviceName: 'Pump 2' });
    // Globex's own request, taken by the other instance, reaches Globex; Acme's never did.
    const own = (await onB('POST', MY_SESSIONS, { reason: 'Ours' }, atLathe)).body!;
    await globexOnB.until(frame.requested);
    expect(globexOnB.frames.flatMap((f) => ('session' in f ? [f.session.id] : []))).toEqual([own.id, own.id]);
    // And the code user's socket on A hears the confirmation made on B.
    const pumpOnA = await videoFeed(a!.url, atPump);
    sockets.push(pumpOnA);
    await pumpOnA.ready;
    await onB('POST', `${SESSIONS}/${requested.id}/events`, { event: 'confirm' }, first.token);
    await pumpOnA.until(frame.codeUserSession(requested.id as string, 'CONFIRMED'));
  });
});
