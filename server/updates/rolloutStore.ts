import type { UpdateChannel } from '../../src-shared/domain/updates';
import type { ServerDatabase } from '../db/serverDatabase';

/**
 * DP-3: the share of devices offered a channel's newest release (staged rollout). One value per
 * channel for the whole endpoint, because every company on it reads the same feed: it is the
 * operator's to set (`npm run server -- set-rollout`), never a company administrator's.
 */
export class RolloutStore {
  constructor(private readonly db: ServerDatabase) {}

  percentage(channel: UpdateChannel): number {
    return (
      (
        this.db.prepare('SELECT percentage FROM update_rollouts WHERE channel = ?').get(channel) as
          { percentage: number } | undefined
      )?.percentage ?? 100
    );
  }

  set(channel: UpdateChannel, percentage: number, now = new Date()): void {
    this.db
      .prepare(
        `INSERT INTO update_rollouts (channel, percentage, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (channel) DO UPDATE SET percentage = excluded.percentage, updated_at = excluded.updated_at`,
      )
      .run(channel, percentage, now.toISOString());
  }
}
