import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { connectionReportSchema } from '../../src-shared/domain/connectionReport';
import { deviceIdSchema } from '../../src-shared/domain/device';
import { requireDevice } from '../auth/deviceAuth';
import { isEd25519PublicKey, type DeviceStore } from '../devices/deviceStore';
import type { ReportStore } from '../reports/reportStore';
import { errorBody, sendError } from '../errors';

export const deviceRoutes: FastifyPluginAsyncZod<{ devices: DeviceStore; reports: ReportStore }> = async (
  app,
  { devices, reports },
) => {
  app.post(
    '/api/v1/devices',
    {
      schema: {
        summary: 'Register a device ID with its public key (RS-1)',
        tags: ['devices'],
        body: z.object({
          deviceId: deviceIdSchema,
          publicKey: z.string().max(1000).refine(isEd25519PublicKey, 'an Ed25519 public key in SPKI PEM'),
          platform: z.string().min(1).max(40),
          name: z.string().min(1).max(120),
        }),
        response: { 200: z.object({ status: z.enum(['created', 'unchanged']) }), 409: errorBody },
      },
    },
    async (request, reply) => {
      const status = devices.register(request.body);
      if (status === 'id_taken') {
        return sendError(reply, 409, 'id_taken', 'This device ID belongs to another device; choose another ID.');
      }
      return { status };
    },
  );

  app.get(
    '/api/v1/connection-reports',
    {
      preHandler: requireDevice(devices),
      schema: {
        summary: 'Connection reports of sessions this device took part in (RS-11)',
        description: 'Signed by the device (header `Tandem-Device`). Newest first.',
        tags: ['reports'],
        response: { 200: z.object({ reports: z.array(connectionReportSchema) }), 401: errorBody },
      },
    },
    async (request) => ({ reports: reports.forDevice(request.deviceId!) }),
  );
};
