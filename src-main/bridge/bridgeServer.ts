import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import { existsSync } from 'node:fs';
import type { WebSocket } from 'ws';
import {
  BRIDGE_MAX_FRAME_BYTES,
  BRIDGE_PATH,
  BRIDGE_SECRET_PARAM,
  bridgeCallFrameSchema,
  bridgeSendFrameSchema,
  type BridgeServerFrame,
} from '../../src-shared/ipc/bridgeProtocol';
import { isOneWayChannel } from '../../src-shared/ipc/contract';
import { failure } from '../../src-shared/ipc/envelope';
import type { Core } from '../core/core';
import type { Logger } from '../core/logger';
import { contentSecurityPolicyFor } from '../core/security/contentSecurityPolicy';
import { createSecret, secretMatches } from '../core/security/secret';

export interface BridgeOptions {
  core: Core;
  log: Logger;
  /** The built renderer to serve; omitted when a dev server serves it instead. */
  rendererDir?: string;
  port?: number;
  /** Extra page origins allowed to connect, e.g. Vite's dev server. */
  allowedOrigins?: string[];
  secret?: string;
  /** The cloud endpoint the core talks to now (it can move): the page may play media from its origin (recordings). */
  cloudUrl?: () => string;
}

export interface RunningBridge {
  /** Open this in a browser: it carries the per-run secret in the fragment, never sent to a server. */
  readonly pageUrl: string;
  readonly origin: string;
  readonly wsUrl: string;
  readonly secret: string;
  close(): Promise<void>;
}

/**
 * The IPC contract served over a WebSocket on 127.0.0.1, so the renderer runs in a plain
 * browser. Only pages from an allowed origin that present this run's secret may connect.
 */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const secret = options.secret ?? createSecret();
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(fastifyWebsocket, { options: { maxPayload: BRIDGE_MAX_FRAME_BYTES } });

  app.addHook('onSend', async (request, reply) => {
    void reply.header(
      'Content-Security-Policy',
      contentSecurityPolicyFor(request.url.split('?')[0]!, options.cloudUrl?.() ?? null),
    );
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('Referrer-Policy', 'no-referrer');
  });

  let origin = '';
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const sockets = new Set<WebSocket>();

  app.register(async (scope) => {
    scope.addHook('preValidation', async (request, reply) => {
      const offered = (request.query as Record<string, unknown>)[BRIDGE_SECRET_PARAM];
      const pageOrigin = request.headers.origin;
      if (!secretMatches(secret, offered)) {
        return reply
          .status(401)
          .send({ error: { code: 'unauthorized', message: 'This bridge needs the secret of the current run.' } });
      }
      if (pageOrigin !== origin && !(pageOrigin && allowedOrigins.has(pageOrigin))) {
        return reply
          .status(403)
          .send({ error: { code: 'forbidden_sender', message: 'Pages from this origin may not use the bridge.' } });
      }
    });
    scope.get(BRIDGE_PATH, { websocket: true }, (socket) => {
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        if (sockets.size === 0) options.core.sessions.windowGone();
      });
      socket.on('message', (data, isBinary) => {
        void handleFrame(socket, isBinary ? null : data.toString());
      });
    });
  });

  const send = (socket: WebSocket, frame: BridgeServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  async function handleFrame(socket: WebSocket, text: string | null): Promise<void> {
    let json: unknown;
    try {
      json = text === null ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if ((json as { kind?: unknown } | undefined)?.kind === 'send') return handleSend(json);
    const frame = bridgeCallFrameSchema.safeParse(json);
    if (!frame.success) {
      send(socket, {
        kind: 'result',
        id: typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : null,
        result: failure({
          code: 'invalid_frame',
          message: 'A bridge frame must be JSON text: { id, channel, payload }.',
        }),
      });
      return;
    }
    const result = await options.core.dispatch(frame.data.channel, frame.data.payload);
    send(socket, { kind: 'result', id: frame.data.id, result });
  }

  /** A one-way frame: checked and dispatched as a call, never answered; a refusal goes to the log. */
  async function handleSend(json: unknown): Promise<void> {
    const frame = bridgeSendFrameSchema.safeParse(json);
    if (!frame.success || !isOneWayChannel(frame.data.channel)) {
      options.log.warn(
        { channel: frame.success ? frame.data.channel : null },
        'bridge frame refused: only a one-way channel may be sent without an answer',
      );
      return;
    }
    const result = await options.core.dispatch(frame.data.channel, frame.data.payload);
    if (!result.ok)
      options.log.warn({ channel: frame.data.channel, code: result.error.code }, 'one-way IPC message refused');
  }

  const unsubscribe = options.core.events.subscribe((event, payload) => {
    for (const socket of sockets) send(socket, { kind: 'event', event, payload });
  });

  if (options.rendererDir) {
    if (!existsSync(options.rendererDir)) {
      throw new Error(`The renderer has not been built (${options.rendererDir} is missing). Run: npm run build`);
    }
    await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html' });
  }

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The bridge did not bind a TCP port.');
  origin = `http://127.0.0.1:${address.port}`;
  options.log.info({ origin }, 'bridge listening');

  return {
    pageUrl: `${origin}/#${BRIDGE_SECRET_PARAM}=${secret}`,
    origin,
    wsUrl: `ws://127.0.0.1:${address.port}${BRIDGE_PATH}`,
    secret,
    async close() {
      unsubscribe();
      for (const socket of sockets) socket.close(1001, 'bridge closing');
      await app.close();
    },
  };
}
