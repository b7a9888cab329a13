import { describe, expect, it } from 'vitest';
import { channelNames, type Channel } from '../../../../../src-shared/ipc/contract';
import { mergeHandlers, type CoreModule } from '../../../../../src-main/core/ipc/coreModule';
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
});
