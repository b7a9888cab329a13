import { describe, expect, it } from 'vitest';
import { channelNames, type Channel } from '../../../../../src-shared/ipc/contract';
import { closeModules, mergeHandlers, type CoreModule } from '../../../../../src-main/core/ipc/coreModule';
import type { IpcHandlers } from '../../../../../src-main/core/ipc/dispatcher';

const answer = (channel: Channel) => () => ({ answeredBy: channel });
const moduleFor = (channels: readonly Channel[]): CoreModule =>
  ({ handlers: Object.fromEntries(channels.map((channel) => [channel, answer(channel)])) }) as unknown as CoreModule;
// At run time the modules' own channel lists are what counts; the compile-time check is core.ts's.
const merge = (modules: CoreModule[]) => mergeHandlers(modules as never);

describe('core modules', () => {
  it('every channel is answered by the module that declared it', async () => {
    const half = Math.floor(channelNames.length / 2);
    const handlers: IpcHandlers = merge([moduleFor(channelNames.slice(0, half)), moduleFor(channelNames.slice(half))]);
    for (const channel of channelNames) {
      expect(await (handlers[channel] as (request: unknown) => unknown)({})).toEqual({ answeredBy: channel });
    }
  });

  it('a channel answered by two modules fails the start and names the channel', () => {
    expect(() => merge([moduleFor(channelNames), moduleFor(['app.info'])])).toThrow(
      'Two core modules answer the IPC channel "app.info".',
    );
  });

  it('a channel no module answers fails the start and names the channel', () => {
    expect(() => merge([moduleFor(channelNames.filter((channel) => channel !== 'settings.get'))])).toThrow(
      'No core module answers the IPC channels settings.get.',
    );
  });

  it('closing awaits each module in its order; one that fails is logged and the next still closes', async () => {
    const closed: string[] = [];
    const warned: string[] = [];
    let finishEnding!: () => void;
    const ending = new Promise<void>((resolve) => (finishEnding = resolve));
    const closing = closeModules(
      [
        { close: () => ending.then(() => void closed.push('help session ended')) },
        {
          close: () => {
            throw new Error('already closed');
          },
        },
        { close: () => void closed.push('signaling stopped') },
      ],
      60_000,
      { warn: (_detail: unknown, message: string) => void warned.push(message) } as never,
    );
    // The first module's end is still on its way: nothing after it has closed.
    await Promise.resolve();
    expect(closed).toEqual([]);
    finishEnding();
    await closing;
    expect(closed).toEqual(['help session ended', 'signaling stopped']);
    expect(warned).toEqual(['a core module failed to close']);
  });
});
