import type { FastifyInstance } from 'fastify';
import { MAX_WAITING_SOCKETS_PER_SOURCE, TOO_MANY_WAITING, WaitingSockets } from '../security/waitingSockets';
import { networkSource } from '../signaling/sourceKeys';
import { NODE_LINK_PATH } from './nodeLinks';
import type { RedisLink } from './redisLink';

/**
 * Takes the other instances' direct links (`NodeLinks`), and announces this instance's address
 * once it listens: `nodeUrl` as given, or with `listen` the address it is bound to. A source may
 * keep only so many sockets waiting for their hello, as on every socket the endpoint serves.
 */
export function serveNodeLinks(app: FastifyInstance, link: RedisLink, nodeUrl: string | undefined): void {
  const waiting = new WaitingSockets(MAX_WAITING_SOCKETS_PER_SOURCE);
  app.get(NODE_LINK_PATH, { websocket: true, schema: { hide: true } }, (socket, request) => {
    const stopWaiting = waiting.take(networkSource(request.ip));
    if (!stopWaiting) {
      socket.close(TOO_MANY_WAITING, 'too many connections from this network are waiting to authenticate');
      return;
    }
    socket.once('message', stopWaiting);
    socket.once('close', stopWaiting);
    link.links.accept(socket);
  });
  if (!nodeUrl) return;
  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (nodeUrl !== 'listen') return link.links.announce(nodeUrl);
    if (!address || typeof address === 'string') return;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    await link.links.announce(`http://${host}:${address.port}`);
  });
}
