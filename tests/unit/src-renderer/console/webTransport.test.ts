import { describe, expect, it } from 'vitest';
import { createWebTransport } from '../../../../src-renderer/console/webTransport';

/** The console reads Insights only: what needs the desktop's summary cache is refused by name, before any call. */
describe('the web console’s transport', () => {
  it('refuses editing, deleting, exporting, conflicts and sync as desktop_only, and other desktop channels as unknown', async () => {
    const transport = createWebTransport();
    for (const [channel, payload] of [
      ['insights.update', { id: 's1', changes: {} }],
      ['insights.delete', { id: 's1' }],
      ['insights.resolveConflict', { id: 's1', keep: 'mine' }],
      ['insights.export', {}],
      ['insights.exportChunk', { exportId: 'e1', offset: 0 }],
      ['insights.syncStatus', {}],
      ['insights.syncNow', {}],
    ] as const) {
      expect(await transport.invoke(channel, payload)).toEqual({
        ok: false,
        error: { code: 'desktop_only', message: expect.stringContaining(`"${channel}" needs the Tandem desktop app`) },
      });
    }
    expect(await transport.invoke('session.connect' as never, {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
  });
});
