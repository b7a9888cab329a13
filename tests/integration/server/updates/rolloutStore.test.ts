import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RolloutStore } from '../../../../server/updates/rolloutStore';
import { ENGINES, openTestEndpointDb, type TestEndpointDb } from '../../../support/endpointDbs';

describe.each(ENGINES)('the staged rollout on %s', (engine) => {
  let test: TestEndpointDb;
  let rollouts: RolloutStore;

  beforeEach(async () => {
    test = await openTestEndpointDb(engine);
    rollouts = new RolloutStore(test.db);
  });
  afterEach(() => test.close());

  it('offers every release to everyone until the operator stages one, then the share set last, per channel', async () => {
    expect(await rollouts.percentage('stable')).toBe(100);
    await rollouts.set('stable', 25);
    await rollouts.set('beta', 0);
    await rollouts.set('stable', 60);
    expect(await rollouts.percentage('stable')).toBe(60);
    expect(await rollouts.percentage('beta')).toBe(0);
  });

  it('refuses a share outside 0–100 at the database too', async () => {
    await expect(rollouts.set('stable', 101)).rejects.toThrow(/CHECK|check/);
    expect(await rollouts.percentage('stable')).toBe(100);
  });
});
