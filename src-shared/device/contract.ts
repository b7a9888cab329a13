import { z } from 'zod';
import { healthSchema } from '../domain/cloud';
import { connectionReportSchema } from '../domain/connectionReport';
import { deviceIdentitySchema, deviceIdSchema } from '../domain/device';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { defineIpc, empty } from '../ipc/channel';

/** RS-1, RS-11: the endpoint's identity, devices registering their keys, and their connection reports. */
export const deviceRoutes = defineRoutes({
  'system.health': {
    method: 'GET',
    path: '/healthz',
    tag: 'system',
    summary: 'Liveness and identity of this cloud endpoint',
    auth: 'public',
    status: 200,
    response: healthSchema,
  },
  'devices.register': {
    method: 'POST',
    path: '/api/v1/devices',
    tag: 'devices',
    summary: 'Register a device ID with its public key (RS-1)',
    auth: 'public',
    // The endpoint also checks that the key is an Ed25519 public key in SPKI PEM (node's crypto).
    body: z.object({
      deviceId: deviceIdSchema,
      publicKey: z.string().max(1000),
      platform: z.string().min(1).max(40),
      name: z.string().min(1).max(120),
      /** The Tandem version the device runs (optional: older versions do not say). */
      appVersion: z.string().min(1).max(40).optional(),
    }),
    status: 200,
    response: z.object({ status: z.enum(['created', 'unchanged']) }),
    errors: { 409: ['id_taken'] },
  },
  'devices.me.connectionReports': {
    method: 'GET',
    path: '/api/v1/connection-reports',
    tag: 'reports',
    summary: 'Connection reports of sessions this device took part in, newest first (RS-11)',
    auth: 'device',
    status: 200,
    response: z.object({ reports: z.array(connectionReportSchema) }),
  },
});

export const deviceChannels = endpointChannels(deviceRoutes);

/** RS-1: this computer's ID and passwords, and what the app is. */
export const deviceIpc = defineIpc({
  channels: {
    'app.info': {
      request: empty,
      response: z.object({
        version: z.string(),
        platform: z.string(),
        runtime: z.enum(['electron', 'browser']),
        dataDir: z.string(),
      }),
    },
    'device.identity': { request: empty, response: deviceIdentitySchema },
    'device.rotatePassword': { request: empty, response: deviceIdentitySchema },
    'device.unattendedStatus': { request: empty, response: z.object({ hasPermanentPassword: z.boolean() }) },
    'device.setPermanentPassword': {
      request: z.object({ password: z.string().min(8).max(128).nullable() }).strict(),
      response: z.object({ hasPermanentPassword: z.boolean() }),
    },
  },
  events: {
    'device.changed': deviceIdentitySchema,
  },
});
