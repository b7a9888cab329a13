import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { instanceId, openServerDatabase, type ServerDatabase } from './db/serverDatabase';
import { apiErrorHandler } from './errors';
import { healthRoutes } from './routes/health';
import { SERVER_VERSION } from './version';

export interface ServerOptions {
  dataDir: string;
  /** Defaults to loopback: exposing the endpoint is a deliberate choice. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger?: FastifyBaseLogger | boolean;
}

export type TandemFastify = Awaited<ReturnType<typeof buildServer>>['app'];

export interface RunningServer {
  readonly app: TandemFastify;
  readonly db: ServerDatabase;
  readonly url: string;
  close(): Promise<void>;
}

export const OPENAPI_PATH = '/api/v1/openapi.json';

export async function buildServer(options: Pick<ServerOptions, 'dataDir' | 'logger'>) {
  const db = openServerDatabase(options.dataDir);
  const app = Fastify({
    loggerInstance: typeof options.logger === 'object' ? options.logger : undefined,
    logger: typeof options.logger === 'boolean' ? options.logger : undefined,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(apiErrorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url}.` } });
  });
  app.addHook('onClose', async () => db.close());

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem cloud endpoint',
        description: 'Devices, signaling, accounts and Session Insights sync for a Tandem company.',
        version: SERVER_VERSION,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(healthRoutes, { version: SERVER_VERSION, instanceId: instanceId(db) });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());

  return { app, db };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { app, db } = await buildServer(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The cloud endpoint did not bind a TCP port.');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { app, db, url: `http://${urlHost}:${address.port}`, close: () => app.close() };
}
