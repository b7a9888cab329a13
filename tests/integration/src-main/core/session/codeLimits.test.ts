import { afterEach, describe, expect, it } from 'vitest';
import { startDevices, type TestDevice } from '../../../../support/corePair';

describe('session codes at the hub’s limits, as the supporter’s core sees them', () => {
  let pair: Awaited<ReturnType<typeof startDevices>>;
  afterEach(async () => pair?.close());

  it('a supporter who makes codes faster than the hub allows gets rate_limited, not a generic refusal', async () => {
    pair = await startDevices(1);
    const [supporter] = pair.devices as [TestDevice];
    const outcomes: string[] = [];
    for (let i = 0; i < 11; i++) {
      outcomes.push(
        await supporter.call('session.createCode', { access: 'view' }).then(
          () => 'created',
          (error: { code: string }) => error.code,
        ),
      );
    }
    expect(outcomes).toEqual([...Array<string>(10).fill('created'), 'rate_limited']);
  });
});
