import type { FastifyInstance } from 'fastify';
import { identityRoutes as routes } from '../../src-shared/identity/contract';
import { sendError } from '../errors';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';
import { loadIdentityKey, signIdentityStatement, statementWindow } from './identityKey';

/**
 * AC-1: the endpoint vouches for signed-in supporters, as `src-shared/identity/contract.ts`
 * declares it. A statement names the user as their account says (not as their computer does),
 * their company, and the one device that asked — signed by the device, with the user's session.
 */
export async function serveIdentity(
  app: FastifyInstance,
  {
    data,
    secrets,
    guards,
    companies,
    instanceId,
  }: Pick<EndpointServices, 'data' | 'secrets' | 'guards' | 'companies' | 'instanceId'>,
  now: () => number = Date.now,
) {
  const key = await loadIdentityKey(data, secrets);

  serve(app, routes['identity.key'], guards, () => ({ algorithm: 'Ed25519' as const, publicKey: key.publicKeyPem }));

  serve(app, routes['identity.statement'], guards, async (request, reply) => {
    const user = request.user!;
    // An API token acts for a script, not for a person at this device: it gets no statement.
    if (user.apiTokenId) {
      return sendError(reply, 403, 'session_required', 'Sign in as a person for this; an API token cannot do it.');
    }
    return signIdentityStatement(key.privateKey, {
      v: 1,
      issuer: instanceId,
      userId: user.id,
      name: user.name,
      // No e-mail: the end user's computer needs the name and company, not an address to write to.
      companyId: user.companyId,
      companyName: await companies.name(user.companyId),
      supporterDeviceId: request.deviceId!,
      ...statementWindow(now()),
    });
  });
}
