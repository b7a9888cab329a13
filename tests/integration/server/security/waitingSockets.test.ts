import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer } from '../../../../server/app';
import { MAX_WAITING_SOCKETS_PER_SOURCE, TOO_MANY_WAITING } from '../../../../server/security/waitingSockets';
import { LIVEVIEW_CONSOLE_FEED_PATH } from '../../../../src-shared/signaling/consoleFeed';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { hubDevice, openSocket, type HubClient } from '../signaling/hubClient';

/**
 * A socket costs the endpoint an open file until it proves who it is (or its timer closes it), so
 * one network source may keep only so many waiting at once — on the signaling hub and on the web
 * console's Live View socket alike. Past that, the next one is closed at once with "try again later";
 * a socket that authenticated or closed makes room again.
 */
describe('sockets waiting to authenticate, per network source', () => {
  let server: RunningServer | undefined;
  let dir: ReturnType<typeof tempDir>;
  const opened: WebSocket[] = [];
  afterEach(async () => {
    for (const socket of opened.splice(0)) socket.terminate();
    await server?.close();
    server = undefined;
    dir?.cleanup();
  });

  const start = async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    return server;
  };

  /** A hub socket that says nothing after the hub's hello. */
  const waitingOnHub = async (): Promise<HubClient> => {
    const client = openSocket(server!.url);
    opened.push(client.socket);
    expect((await client.next()).type).toBe('hello');
    return client;
  };

  it('the hub takes as many as allowed from one source, closes the next at once, and takes more once one authenticated or left', async () => {
    await start();
    const waiting: HubClient[] = [];
    for (let i = 0; i < MAX_WAITING_SOCKETS_PER_SOURCE - 1; i++) waiting.push(await waitingOnHub());
    // An authenticated device does not count: it proved itself.
    const device = await hubDevice(server!.url, '310000001');
    opened.push(device.socket);
    waiting.push(await waitingOnHub());

    const refused = openSocket(server!.url);
    opened.push(refused.socket);
    expect(await refused.closed).toBe(TOO_MANY_WAITING);

    // One that was waiting leaves: there is room for one more, and only one.
    waiting[0]!.socket.close();
    await waiting[0]!.closed;
    await waitingOnHub();
    const again = openSocket(server!.url);
    opened.push(again.socket);
    expect(await again.closed).toBe(TOO_MANY_WAITING);

    // The authenticated device still works meanwhile.
    device.send({ type: 'ping' });
    expect((await device.next()).type).toBe('pong');
  });

  it('the web console’s Live View socket is bounded the same way', async () => {
    await start();
    const url = `${server!.url.replace('http', 'ws')}${LIVEVIEW_CONSOLE_FEED_PATH}`;
    const open = () => {
      const socket = new WebSocket(url);
      socket.on('error', () => undefined);
      opened.push(socket);
      return socket;
    };
    const sockets: WebSocket[] = [];
    for (let i = 0; i < MAX_WAITING_SOCKETS_PER_SOURCE; i++) {
      const socket = open();
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('close', (code) => reject(new Error(`closed ${code}`)));
      });
      sockets.push(socket);
    }
    const refused = open();
    expect(await new Promise((resolve) => refused.once('close', resolve))).toBe(TOO_MANY_WAITING);
    sockets[0]!.close();
    await new Promise((resolve) => sockets[0]!.once('close', resolve));
    const room = open();
    await new Promise((resolve, reject) => {
      room.once('open', resolve);
      room.once('close', (code) => reject(new Error(`closed ${code}`)));
    });
  });
});
