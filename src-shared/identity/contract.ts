import { z } from 'zod';
import { defineRoutes } from '../http/route';
import { endpointChannels } from '../http/channels';
import { identityStatementSchema } from './statement';

/**
 * AC-1: the endpoint vouches for a signed-in supporter to the hosts they connect to. Its public
 * key is public; a statement is for the device that signs the request, with the user's session.
 */
export const identityRoutes = defineRoutes({
  'identity.key': {
    method: 'GET',
    path: '/api/v1/identity/key',
    tag: 'identity',
    summary: 'The public key (Ed25519, SPKI PEM) this endpoint signs identity statements with',
    auth: 'public',
    status: 200,
    response: z.object({ algorithm: z.literal('Ed25519'), publicKey: z.string().max(1000) }),
  },
  'identity.statement': {
    method: 'POST',
    path: '/api/v1/identity/statement',
    tag: 'identity',
    summary:
      'A statement, signed by this endpoint, of who the signed-in user is, for the device that signs the request (valid ten minutes)',
    description:
      'Signed by the device and sent with the user’s sign-in session (not an API token). The statement names the user, their company and the requesting device; a host checks the signature with GET /api/v1/identity/key and accepts it only from that device, before it expires.',
    auth: 'device+user',
    caller: 'core',
    status: 200,
    response: identityStatementSchema,
    errors: { 403: ['session_required'] },
  },
});

/** None: the app never calls these from a window (the core fetches statements, hosts the key). */
export const identityChannels = endpointChannels(identityRoutes);
