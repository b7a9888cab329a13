import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { TandemError } from '../../../../../src-shared/errors';
import { envelopeSchema } from '../../../../../src-shared/ipc/envelope';
import { channelNames } from '../../../../../src-shared/ipc/contract';
import { createDispatcher, type IpcHandlers } from '../../../../../src-main/core/ipc/dispatcher';
import { memoryLogger } from '../../../../support/silentLogger';

const identity = { deviceId: '123456789', oneTimePassword: 'abcdefgh', passwordRotatedAt: new Date().toISOString() };

const settings = {
  language: null,
  displayName: null,
  company: null,
  oneTimePasswordLength: null,
  insightsLogging: null,
  insightsPolicyOptOut: null,
  keepHelpSession: null,
  startAtLogin: null,
};

function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  const notUnderTest = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      () => {
        throw new TandemError('internal', `${channel} is not under test`);
      },
    ]),
  ) as unknown as IpcHandlers;
  return {
    ...notUnderTest,
    'app.info': () => ({ version: '1.0.0', platform: 'linux', runtime: 'browser', dataDir: '/tmp' }),
    'settings.get': () => settings,
    'settings.update': (patch) => ({ ...settings, language: patch.language ?? null }),
    'device.identity': () => identity,
    'device.rotatePassword': () => identity,
    'cloud.status': () => {
      throw new TandemError('cloud_unreachable', 'no endpoint');
    },
    ...overrides,
  };
}

describe('the IPC dispatcher', () => {
  it('answers a valid call with the handler’s value', async () => {
    const dispatch = createDispatcher(handlers(), memoryLogger().log);
    expect(await dispatch('settings.update', { language: 'de' })).toEqual({
      ok: true,
      value: { ...settings, language: 'de' },
    });
  });

  it('refuses an unknown channel with a typed error', async () => {
    const dispatch = createDispatcher(handlers(), memoryLogger().log);
    const result = await dispatch('device.format', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses a malformed payload before the handler runs, naming the field', async () => {
    const update = vi.fn(() => settings);
    const dispatch = createDispatcher(handlers({ 'settings.update': update }), memoryLogger().log);
    const result = await dispatch('settings.update', { language: 'fr' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', issues: [{ path: 'language' }] } });
    expect(update).not.toHaveBeenCalled();
    expect(await dispatch('settings.update', { language: 'de', admin: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('passes a handler’s TandemError through as its code', async () => {
    const dispatch = createDispatcher(handlers(), memoryLogger().log);
    expect(await dispatch('cloud.status', {})).toEqual({
      ok: false,
      error: { code: 'cloud_unreachable', message: 'no endpoint' },
    });
  });

  it('turns an unexpected failure into `internal` without leaking the stack, and logs it', async () => {
    const { log, lines } = memoryLogger();
    const dispatch = createDispatcher(
      handlers({
        'device.identity': () => {
          throw new Error('disk on fire at /secret/path');
        },
      }),
      log,
    );
    const result = await dispatch('device.identity', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('disk on fire');
    expect(lines().join('\n')).toContain('disk on fire');
  });

  it('refuses to pass on a handler answer outside the contract', async () => {
    const dispatch = createDispatcher(
      handlers({ 'device.identity': () => ({ ...identity, deviceId: 'not-an-id' }) }),
      memoryLogger().log,
    );
    expect(await dispatch('device.identity', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('survives any input: every answer is a valid envelope (fuzzed)', async () => {
    const dispatch = createDispatcher(handlers(), memoryLogger().log);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...channelNames), fc.string(), fc.anything()),
        fc.anything(),
        async (channel, payload) => {
          const result = await dispatch(channel, payload);
          expect(envelopeSchema.safeParse(result).success).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
