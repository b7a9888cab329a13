import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DEVICE_AUTH_HEADER,
  DEVICE_AUTH_MAX_SKEW_MS,
  deviceHttpAuthPayload,
} from '../../src-shared/signaling/deviceAuth';
import type { DeviceStore } from '../devices/deviceStore';

declare module 'fastify' {
  interface FastifyRequest {
    /** The device that signed this request, once `requireDevice` has run. */
    deviceId?: string;
    /** The company of that device, once `requireCompanyDevice` has run. */
    deviceCompanyId?: string;
  }
}

/** A preHandler that admits only requests signed by a registered device's key. */
export function requireDevice(devices: DeviceStore, now: () => number = Date.now) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers[DEVICE_AUTH_HEADER];
    const [deviceId, timestamp, signature] = typeof header === 'string' ? header.split('.') : [];
    const at = Number(timestamp);
    const path = request.url;
    const fresh = Number.isFinite(at) && Math.abs(now() - at) <= DEVICE_AUTH_MAX_SKEW_MS;
    if (
      !deviceId ||
      !signature ||
      !fresh ||
      !devices.verify(deviceId, deviceHttpAuthPayload(request.method, path, at), signature)
    ) {
      return reply.status(401).send({
        error: {
          code: 'unauthorized',
          message: `Sign this request with a registered device key in the "${DEVICE_AUTH_HEADER}" header.`,
        },
      });
    }
    request.deviceId = deviceId;
  };
}

/**
 * A preHandler for what a company's device does on the company's behalf without anyone signed in
 * (a managed end-user PC handing in the summary of an incoming session, and its AI credit).
 */
export function requireCompanyDevice(devices: DeviceStore, now: () => number = Date.now) {
  const signed = requireDevice(devices, now);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await signed(request, reply);
    if (reply.sent) return reply;
    const companyId = devices.companyOf(request.deviceId!);
    if (!companyId) {
      return reply.status(403).send({
        error: {
          code: 'no_company',
          message: 'This device belongs to no company: an administrator adds it under Administration → Devices.',
        },
      });
    }
    request.deviceCompanyId = companyId;
  };
}
