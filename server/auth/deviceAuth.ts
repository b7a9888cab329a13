import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEVICE_AUTH_HEADER,
  DEVICE_AUTH_MAX_SKEW_MS,
  DEVICE_CLOCK_SKEW_CODE,
  deviceAuthHeaderSchema,
  deviceHttpAuthPayload,
  EMPTY_BODY_SHA256,
} from '../../src-shared/signaling/deviceAuth';
import type { DeviceStore } from '../devices/deviceStore';
import type { ErrorCode } from '../../src-shared/errors';
import { sendError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The device that signed this request, once `requireDevice` has run. */
    deviceId?: string;
    /** The company of that device, once `requireCompanyDevice` has run. */
    deviceCompanyId?: string;
    /** Hex SHA-256 of the raw body of a device-signed request, once it has been read. */
    bodySha256?: string;
  }
}

/**
 * Device signatures cover the body's hash, so it must be taken over the bytes as they arrived,
 * not over the parsed JSON. Only requests that carry a device signature pay for it.
 */
export function digestDeviceRequestBodies(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (request.headers[DEVICE_AUTH_HEADER] === undefined) return payload;
    const hash = createHash('sha256');
    const digesting = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        request.bodySha256 = hash.digest('hex');
        done();
      },
    });
    payload.on('error', (error) => digesting.destroy(error));
    return payload.pipe(digesting);
  });
}

const refuse = (reply: FastifyReply, code: ErrorCode, message: string) => sendError(reply, 401, code, message);

/**
 * A preHandler that admits only requests signed by a registered device's key, for this endpoint
 * (its instance ID), with this body, within the window, and never twice.
 */
export function requireDevice(devices: DeviceStore, now: () => number = Date.now) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = deviceAuthHeaderSchema.safeParse(request.headers[DEVICE_AUTH_HEADER]);
    if (!header.success) {
      return refuse(
        reply,
        'unauthorized',
        `Sign this request with a registered device key in the "${DEVICE_AUTH_HEADER}" header (<device ID>.<unix ms>.<nonce>.<signature>).`,
      );
    }
    const { deviceId, timestamp, nonce, signature } = header.data;
    const at = now();
    if (Math.abs(at - timestamp) > DEVICE_AUTH_MAX_SKEW_MS) {
      return refuse(
        reply,
        DEVICE_CLOCK_SKEW_CODE,
        `The request was signed at ${new Date(timestamp).toISOString()}, but it is ${new Date(at).toISOString()} here: ` +
          `signatures are accepted for ${DEVICE_AUTH_MAX_SKEW_MS / 1000} s. Set the device's clock right, or sign again.`,
      );
    }
    const payload = deviceHttpAuthPayload({
      method: request.method,
      path: request.url,
      timestamp,
      nonce,
      audience: devices.instanceId,
      bodySha256: request.bodySha256 ?? EMPTY_BODY_SHA256,
    });
    if (!(await devices.verify(deviceId, payload, signature))) {
      return refuse(
        reply,
        'unauthorized',
        'The device signature does not match this request (its method, path, body and this endpoint), or the device is not registered here.',
      );
    }
    // Only a valid signature claims its nonce, so nobody can burn another device's nonces.
    if (!(await devices.claimRequestNonce(nonce, deviceId, at, DEVICE_AUTH_MAX_SKEW_MS))) {
      return refuse(
        reply,
        'replayed_request',
        'This signed request was already received once; sign each request anew.',
      );
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
    const companyId = await devices.companyOf(request.deviceId!);
    if (!companyId) {
      return sendError(
        reply,
        403,
        'no_company',
        'This device belongs to no company: an administrator adds it under Administration → Devices.',
      );
    }
    request.deviceCompanyId = companyId;
  };
}
