import type { FastifyInstance } from 'fastify';
import { SIGNAL_PATH } from '../../src-shared/signaling/protocol';
import type { EndpointServices } from '../endpointServices';

/** The hub's WebSocket endpoint. Binary frames are refused; text frames go to the hub. */
export function serveSignaling(app: FastifyInstance, { hub }: Pick<EndpointServices, 'hub'>): void {
  app.get(SIGNAL_PATH, { websocket: true, schema: { hide: true } }, (socket, request) => {
    const session = hub.accept(
      {
        send: (text) => socket.readyState === socket.OPEN && socket.send(text),
        close: (code, reason) => socket.close(code, reason),
        pause: () => socket.pause(),
        resume: () => socket.resume(),
      },
      request.ip,
    );
    socket.on('message', (data, isBinary) => {
      if (isBinary) socket.close(1003, 'text frames only');
      else session.message(data.toString());
    });
    socket.on('close', () => session.closed());
  });
}
