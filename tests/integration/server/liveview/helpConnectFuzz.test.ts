import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import type { ServerMessage } from '../../../../src-shared/signaling/protocol';
import { companyParties } from '../../../support/companyParties';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { hubDevice } from '../signaling/hubClient';

/**
 * `connect-help` under hostile input: grants altered in every way a byte can be (flipped, cut,
 * lengthened, parts swapped, a field re-encoded without the key) are refused with a typed error,
 * the hub keeps answering in order, and the help session's device is never asked — until the real
 * grant arrives, which it is.
 */

const askFor = {
  acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
  yourName: null,
  presence: {
    status: 'active',
    foregroundApp: null,
    deviceName: 'Erika-PC',
    os: { name: 'Windows', version: '11' },
    location: null,
    tags: [],
  },
};

describe('connect-help under malformed and forged grants (fuzzed)', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
  });
  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it('refuses every altered grant with a typed error and asks the help session’s device only for the real one', async () => {
    const parties = companyParties(() => server.url, dir.path);
    const acme = await parties.company('Acme', 'ada@acme.test');
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['liveview.view']);
    const erika = await parties.device(acme.admin);
    const opened = await erika.call('POST', '/api/v1/devices/me/help-session', askFor);
    expect(opened.status).toBe(200);
    const supporter = await parties.device(acme.admin);
    const granted = await supporter.call(
      'POST',
      '/api/v1/liveview/connect-grant',
      { code: opened.body!.code },
      supporter.deviceId,
      sam,
    );
    expect(granted.status).toBe(200);
    const grant = granted.body!.grant as string;
    const [payload, mac] = grant.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;

    const host = await hubDevice(server.url, erika.deviceId, erika.privateKey);
    const socket = await hubDevice(server.url, supporter.deviceId, supporter.privateKey);
    const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/);
    const altered = fc.oneof(
      // One character changed.
      fc
        .tuple(fc.nat({ max: grant.length - 1 }), fc.constantFrom(...'AZaz09-_'))
        .filter(([at, character]) => grant[at] !== character && grant[at] !== '.')
        .map(([at, character]) => `${grant.slice(0, at)}${character}${grant.slice(at + 1)}`),
      // Cut short, or lengthened.
      fc.nat({ max: grant.length - 2 }).map((length) => grant.slice(0, length)),
      base64url.map((tail) => `${grant}${tail}`),
      // The parts swapped, or a signature of its own.
      fc.constant(`${mac}.${payload}`),
      base64url.map((forged) => `${payload}.${forged}`),
      // A claim re-encoded without the key: another device, user, company, help session, a later expiry.
      fc
        .record({
          field: fc.constantFrom('deviceId', 'userId', 'companyId', 'helpSessionId', 'kind', 'expiresAt'),
          value: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant('request')),
        })
        .map(
          ({ field, value }) =>
            `${Buffer.from(JSON.stringify({ ...claims, [field]: value })).toString('base64url')}.${mac}`,
        ),
      fc.string({ maxLength: 80 }),
    );
    await fc.assert(
      fc.asyncProperty(altered, async (forged) => {
        socket.send({
          type: 'connect-help',
          requestId: randomUUID(),
          grant: forged,
          supporter: { name: 'Mallory', company: '' },
          access: 'full',
        });
        socket.send({ type: 'ping' });
        const replies: ServerMessage[] = [];
        for (let reply = await socket.next(); reply.type !== 'pong'; reply = await socket.next()) replies.push(reply);
        expect(replies).toHaveLength(1);
        expect(replies[0]).toMatchObject({ type: 'error' });
        expect(['help_grant_invalid', 'invalid_message']).toContain((replies[0] as { code: string }).code);
      }),
      { numRuns: 200 },
    );

    // The real grant: the device is asked, and this is the first thing it hears.
    const requestId = randomUUID();
    socket.send({ type: 'connect-help', requestId, grant, supporter: { name: 'Sam', company: '' }, access: 'full' });
    const incoming = await host.next();
    expect(incoming).toMatchObject({
      type: 'incoming',
      requestId,
      method: 'help',
      supporter: { name: 'sam', company: 'Acme' },
      help: { kind: 'code', helpSessionId: opened.body!.id, skipAccept: false },
    });
    host.socket.close();
    socket.socket.close();
  });
});
