import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { z } from 'zod';
import { impliedRefusals, refusalSchema, type RouteContract, type RouteParsedInput } from '../../src-shared/http/route';
import type { AccountStore } from '../accounts/accountStore';
import { requireCodeUser, type CodeUserTokens } from '../auth/codeUserAuth';
import { requireCompanyDevice, requireDevice } from '../auth/deviceAuth';
import { requireUser } from '../auth/userAuth';
import type { DeviceStore } from '../devices/deviceStore';

/** What checks a route's caller: the user accounts, the registered devices and the video code users. */
export interface RouteGuards {
  readonly accounts: AccountStore;
  readonly devices: DeviceStore;
  readonly codeUsers: CodeUserTokens;
}

/** A request as a route's handler sees it: its params, query and body already checked against the contract. */
export type ServedRequest<R extends RouteContract> = Omit<FastifyRequest, 'params' | 'query' | 'body'> & {
  params: RouteParsedInput<R>['params'];
  query: RouteParsedInput<R>['query'];
  body: RouteParsedInput<R>['body'];
};

/**
 * A route's answer already written as JSON by code whose output a test holds to the route's
 * response schema: sent as it is, without checking and serializing it again. Only for an answer
 * made of what the endpoint itself checked before storing it (the sync feed's pages, where the
 * check and a second serialization of 10,000 summaries cost more than reading them); the caller
 * still checks the answer against the contract.
 */
export class SerializedAnswer<R extends RouteContract> {
  declare readonly route: R;
  constructor(readonly json: string) {}
}

/**
 * A route's handler answers the contract's response (sent with the contract's success status),
 * or sends a refusal itself (`sendError`) and returns the reply.
 */
export type RouteHandler<R extends RouteContract> = (
  request: ServedRequest<R>,
  reply: FastifyReply,
) =>
  | Promise<z.input<R['response']> | SerializedAnswer<R> | FastifyReply>
  | z.input<R['response']>
  | SerializedAnswer<R>
  | FastifyReply;

function guardFor(route: RouteContract, guards: RouteGuards): preHandlerAsyncHookHandler | undefined {
  switch (route.auth) {
    case 'public':
      return undefined;
    case 'user':
      return requireUser(guards.accounts, route.permission);
    case 'session':
      return requireUser(guards.accounts, route.permission, { sessionOnly: true });
    case 'device':
      return requireDevice(guards.devices);
    case 'company-device':
      return requireCompanyDevice(guards.devices);
    case 'code-user':
      return requireCodeUser(guards.codeUsers);
    case 'device+user': {
      // The device proves itself with its key, the user with their session: both, on one request.
      const device = requireDevice(guards.devices);
      const user = requireUser(guards.accounts, route.permission);
      return async (request, reply) => {
        await device(request, reply);
        if (reply.sent) return reply;
        await user(request, reply);
        if (reply.sent) return reply;
      };
    }
  }
}

/**
 * Serves one route exactly as its contract declares it: method, path, who may call, the
 * permission, the input checked, the answer and every refusal in the OpenAPI document. The only
 * way the endpoint registers a REST route, so the route-coverage test sees each against its contract.
 */
export function serve<const R extends RouteContract>(
  app: FastifyInstance,
  route: R,
  guards: RouteGuards,
  handler: RouteHandler<R>,
): void {
  const response: Record<number, z.ZodType> = { [route.status]: route.response };
  for (const [status, codes] of Object.entries(impliedRefusals(route))) {
    response[Number(status)] = refusalSchema(codes);
  }
  const guard = guardFor(route, guards);
  app.route({
    method: route.method,
    url: route.path,
    ...(guard ? { preHandler: guard } : {}),
    schema: {
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { querystring: route.query } : {}),
      ...(route.body ? { body: route.body } : {}),
      ...(route.raw ? {} : { response }),
    },
    handler: async (request, reply) => {
      const answer = await handler(request as unknown as ServedRequest<R>, reply);
      if (answer === reply || reply.sent) return reply;
      if (answer instanceof SerializedAnswer)
        return reply.status(route.status).type('application/json; charset=utf-8').send(answer.json);
      return reply.status(route.status).send(route.status === 204 ? null : answer);
    },
  });
}
