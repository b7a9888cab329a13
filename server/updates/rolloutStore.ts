import type { UpdateChannel } from '../../src-shared/domain/updates';
import type { EndpointDb } from '../db/endpointDb';

/**
 * DP-3: the share of devices offered a channel's newest release (staged rollout). One value per
 * channel for the whole endpoint, because every company on it reads the same feed: it is the
 * operator's to set (`npm run server -- set-rollout`), never a company administrator's.
 */
export class RolloutStore {
  constructor(private readonly db: EndpointDb) {}

  async percentage(channel: UpdateChannel): Promise<number> {
    const row = await this.db.query
      .selectFrom('update_rollouts')
      .select('percentage')
      .where('channel', '=', channel)
      .executeTakeFirst();
    return row?.percentage ?? 100;
  }

  async set(channel: UpdateChannel, percentage: number, now = new Date()): Promise<void> {
    await this.db.query
      .insertInto('update_rollouts')
      .values({ channel, percentage, updated_at: now.toISOString() })
      .onConflict((conflict) =>
        conflict.column('channel').doUpdateSet((eb) => ({
          percentage: eb.ref('excluded.percentage'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}
