import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { redact, redactText } from '../../src-shared/logging/redact';

/** How the endpoint logs when it builds its own logger: a level, and where lines go (stdout by default). */
export interface EndpointLogOptions {
  level: string;
  destination?: pino.DestinationStream;
}

/**
 * Fastify logs `{ req }` and `{ res }` for its serializers to summarise (method, URL, host, peer;
 * status): a redacted copy would lose the getters they read, so those two pass as they are —
 * they never carry headers or bodies — and the URL is scrubbed in the finished line.
 */
function redactKeepingRequests(arg: unknown): unknown {
  if (arg === null || typeof arg !== 'object' || arg instanceof Error || !('req' in arg || 'res' in arg)) {
    return redact(arg);
  }
  const { req, res, ...rest } = arg as Record<string, unknown>;
  return { ...(redact(rest) as object), ...(req === undefined ? {} : { req }), ...(res === undefined ? {} : { res }) };
}

/**
 * The endpoint's logger. Requests carry passwords, session and API tokens, device signatures,
 * TOTP codes and connector secrets, so every call passes through the shared redaction before
 * pino sees it (secret fields at any depth, secrets inside messages, format arguments and
 * errors), and each finished line is scrubbed once more — that catches what Fastify's own
 * serializers and child bindings add, such as a request URL with `?token=…` in its query.
 */
export function createEndpointLogger(options: EndpointLogOptions): FastifyBaseLogger {
  return pino(
    {
      name: 'tandem-cloud',
      level: options.level,
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map(redactKeepingRequests) as Parameters<pino.LogFn>);
        },
        streamWrite: (line) => redactText(line),
      },
    },
    options.destination,
  );
}

/**
 * The logger the endpoint runs with: none, its own (`true`, or a level and destination), or one
 * the caller built — the desktop hands in its own, which redacts with the same shared module.
 */
export function endpointLogger(
  option: FastifyBaseLogger | boolean | EndpointLogOptions | undefined,
): FastifyBaseLogger | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return createEndpointLogger({ level: 'info' });
  if ('info' in option && typeof option.info === 'function') return option;
  return createEndpointLogger(option);
}
