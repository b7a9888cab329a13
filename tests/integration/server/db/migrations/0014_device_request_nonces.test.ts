import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../../../../server/db/migrations';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { tempDir } from '../../../../support/tempDir';

describe('migration 14: nonces of signed device requests', () => {
  const dir = tempDir();
  afterEach(() => dir.cleanup());

  it('holds each nonce once, and the sweep of expired ones uses its index', () => {
    const db = new Database(join(dir.path, 'tandem-cloud.db'));
    migrate(db, serverMigrations.slice(0, 14));
    const insert = db.prepare('INSERT INTO device_request_nonces (nonce, device_id, expires_at) VALUES (?, ?, ?)');
    insert.run('n1', '444555666', 1000);
    expect(() => insert.run('n1', '111222333', 2000)).toThrow(/UNIQUE/);
    const plan = (
      db.prepare('EXPLAIN QUERY PLAN DELETE FROM device_request_nonces WHERE expires_at < 1500').all() as {
        detail: string;
      }[]
    )
      .map((row) => row.detail)
      .join('\n');
    expect(plan).toContain('device_request_nonces_expiry');
    db.close();
  });
});
