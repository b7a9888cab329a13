import { z } from 'zod';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { liveViewTicketSchema } from '../liveview/contract';

/**
 * Computers (issue 15, item 7): what every help desk uses beside Live View — the company's
 * computers, online or not, for its supporters (`computers.view`), searchable, each with what it
 * says about unattended access.
 */

export const computerSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  platform: z.string(),
  /** The Tandem version it last registered with; null for versions that did not say. */
  appVersion: z.string().nullable(),
  /** Connected to the endpoint's signaling hub right now (on any instance). */
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  /** Unattended access on (a permanent password is set); null: the computer has not said. */
  unattended: z.boolean().nullable(),
  /** Joined through IT's enrolment token (managed), or by a signed-in user of the company. */
  managed: z.boolean(),
  /** IT's policy on it, if any: what supporters tell computers apart by, beside the name. */
  policyName: z.string().nullable(),
});
export type Computer = z.infer<typeof computerSchema>;

export const computersRoutes = defineRoutes({
  'computers.list': {
    method: 'GET',
    path: '/api/v1/computers',
    tag: 'computers',
    summary: 'The company’s computers, online first, then by name: search by name, ID or policy, filter by online',
    auth: 'user',
    permission: 'computers.view',
    query: z.object({
      search: z.string().trim().max(100).optional(),
      online: z.enum(['online', 'offline']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).max(100_000).default(0),
    }),
    status: 200,
    response: z.object({
      computers: z.array(computerSchema),
      /** How many match the search and filter, beyond this page too. */
      total: z.number().int().nonnegative(),
    }),
  },
  'computers.subscription': {
    method: 'POST',
    path: '/api/v1/computers/subscription',
    tag: 'computers',
    summary:
      'A ticket (5 minutes) for this device’s signaling connection to hear the company’s computers come online and go offline',
    description:
      'As `liveview.subscription`, with a key of its own: the core presents it in `computers-subscribe`, on the socket of the device that signed this request; the permission is checked again then.',
    auth: 'device+user',
    caller: 'core',
    permission: 'computers.view',
    status: 200,
    response: z.object({ ticket: liveViewTicketSchema, expiresAt: z.string() }),
  },
  'devices.me.unattended': {
    method: 'PUT',
    path: '/api/v1/devices/me/unattended',
    tag: 'computers',
    summary: 'This computer says whether it takes unattended access (a permanent password is set)',
    description: 'Signed by the device: nobody else can say it for the device. Nothing about the password itself.',
    auth: 'device',
    body: z.object({ unattended: z.boolean() }).strict(),
    status: 204,
    response: z.null(),
  },
});

/** The supporter's routes as IPC channels (the Computers screen and the web console call them). */
export const computersChannels = endpointChannels(computersRoutes);
