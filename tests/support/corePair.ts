import { randomBytes } from 'node:crypto';
import { type RunningServer } from '../../server/app';
import { startServer } from './testServer';
import { bootCore, type BootedCore } from '../../src-main/core/boot';
import type { CoreOptions } from '../../src-main/core/core';
import type { InputInjector } from '../../src-main/core/input/inputInjector';
import type { SessionView } from '../../src-shared/domain/session';
import type { InputEvent } from '../../src-shared/session/inputEvents';
import type { EventName, EventPayload, Request, Response, Channel } from '../../src-shared/ipc/contract';
import { TandemError } from '../../src-shared/errors';
import { memoryLogger } from './silentLogger';
import { tempDir } from './tempDir';

export function randomFingerprint(): string {
  return `sha-256 ${[...randomBytes(32)].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':')}`;
}

export function fakeSdp(type: 'offer' | 'answer', fingerprint: string): { type: 'offer' | 'answer'; sdp: string } {
  const [algorithm, value] = fingerprint.split(' ');
  return { type, sdp: `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=fingerprint:${algorithm} ${value}\r\n` };
}

/** Records what would have been injected (the policy under test, not the OS). */
export function recordingInjector(): InputInjector & { events: InputEvent[] } {
  const events: InputEvent[] = [];
  return { unavailableReason: null, events, inject: (event) => void events.push(event) };
}

export interface TestDevice {
  booted: BootedCore;
  fingerprint: string;
  injector: ReturnType<typeof recordingInjector>;
  /** What this core logged, as JSON lines (every start of it). */
  logs(): string[];
  call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>>;
  /** Resolves with the first event payload that satisfies `match`, seen from now on. */
  next<E extends EventName>(
    event: E,
    match?: (payload: EventPayload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayload<E>>;
  session(match: (view: SessionView) => boolean, timeoutMs?: number): Promise<SessionView>;
  /**
   * Shuts the core down and starts it again on the same data folder, back online; `changes` stay
   * for later starts too (IT deploying a managed configuration, say).
   */
  restart(changes?: Pick<CoreOptions, 'managed'>): Promise<void>;
}

type DeviceOptions = Pick<CoreOptions, 'sessionPolicy' | 'injector' | 'screens' | 'notifier' | 'protector'>;
export interface Devices<Endpoint> {
  server: Endpoint;
  devices: TestDevice[];
  close(): Promise<void>;
}

/**
 * Real main cores on endpoint instances the test started (and closes) itself, or on a load
 * balancer in front of them: device i connects to `instances[i % instances.length]`.
 */
export function startDevices<Endpoint extends Pick<RunningServer, 'url'>>(
  count: number,
  options: DeviceOptions,
  instances: readonly Endpoint[],
): Promise<Devices<Endpoint>>;
/** A real cloud endpoint and real main cores on loopback, each with its own data folder. */
export function startDevices(
  count: number,
  /**
   * `injector`: a real one instead of the recording one (`TestDevice.injector` then records nothing);
   * `screens`: the monitors every device can share (only a host uses them); `protector`: what seals
   * secrets at rest (the OS keychain's stand-in; none by default, as in browser mode).
   */
  options?: DeviceOptions,
): Promise<Devices<RunningServer>>;
export async function startDevices(
  count: number,
  options: DeviceOptions = {},
  instances?: readonly Pick<RunningServer, 'url'>[],
): Promise<Devices<Pick<RunningServer, 'url'>>> {
  const dirs = [tempDir(), ...Array.from({ length: count }, () => tempDir())];
  const server = instances?.[0] ?? (await startServer({ dataDir: dirs[0]!.path, logger: false }));
  const devices: TestDevice[] = [];
  const pair = {
    /** A test may stop the endpoint and start another in its place (same data folder). */
    server,
    devices,
    async close() {
      for (const device of devices) await device.booted.shutdown();
      // Without `instances`, the server is (still) one this test support started.
      if (!instances) await (pair.server as RunningServer).close();
      for (const dir of dirs) dir.cleanup();
    },
  };
  const cloudUrl = (i: number) => (instances ? instances[i % instances.length]!.url : pair.server.url);
  for (let i = 0; i < count; i++) {
    const injector = recordingInjector();
    const logger = memoryLogger();
    let changed: Pick<CoreOptions, 'managed'> = {};
    const boot = () =>
      bootCore({
        dataDir: dirs[i + 1]!.path,
        runtime: 'browser',
        version: '0.0.0-test',
        log: logger.log,
        cloudUrl: cloudUrl(i),
        injector,
        startEmbeddedCloud: () => Promise.reject(new Error('not embedded')),
        ...options,
        ...changed,
      });
    const online = () =>
      device.booted.core.signaling.state === 'online'
        ? undefined
        : device.next('signaling.changed', (s) => s.state === 'online');
    const device: TestDevice = {
      booted: await boot(),
      fingerprint: randomFingerprint(),
      injector,
      logs: logger.lines,
      async call(channel, request) {
        const result = await device.booted.core.dispatch(channel, request);
        if (!result.ok) throw TandemError.fromShape(result.error);
        return result.value as never;
      },
      next(event, match = () => true, timeoutMs = 15_000) {
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            unsubscribe();
            reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
          }, timeoutMs);
          const unsubscribe = device.booted.core.events.subscribe((name, payload) => {
            if (name === event && match(payload as never)) {
              clearTimeout(timer);
              unsubscribe();
              resolve(payload as never);
            }
          });
        });
      },
      session(match, timeoutMs) {
        return device.next('session.changed', match, timeoutMs);
      },
      async restart(changes = {}) {
        changed = { ...changed, ...changes };
        await device.booted.shutdown();
        device.booted = await boot();
        await device.call('session.registerEndpoint', { fingerprint: device.fingerprint });
        await online();
      },
    };
    await device.call('session.registerEndpoint', { fingerprint: device.fingerprint });
    devices.push(device);
  }
  await Promise.all(
    devices.map((device) =>
      device.booted.core.signaling.state === 'online'
        ? undefined
        : device.next('signaling.changed', (s) => s.state === 'online'),
    ),
  );
  return pair;
}

/**
 * The supporter connects to the host by its one-time password asking for full control, and the
 * host's end user accepts. Answers the request's ID.
 */
export async function connectAccepted(supporter: TestDevice, host: TestDevice): Promise<string> {
  const { deviceId, oneTimePassword } = await host.call('device.identity', {});
  const prompted = host.session((view) => view.state === 'prompting');
  const { requestId } = await supporter.call('session.connect', {
    partnerId: deviceId,
    password: oneTimePassword,
    access: 'full',
  });
  await host.call('session.answerPrompt', { requestId: (await prompted).requestId, accept: true });
  return requestId;
}
