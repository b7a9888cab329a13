import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../../../../server/db/migrations';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { tempDir } from '../../../../support/tempDir';

describe('migration 15: the secret box’s key check', () => {
  const dir = tempDir();
  afterEach(() => dir.cleanup());

  it('holds one key check per database, and existing secrets stay as they were until a start seals them', () => {
    const db = new Database(join(dir.path, 'tandem-cloud.db'));
    migrate(db, serverMigrations.slice(0, 14));
    db.exec(`
      INSERT INTO companies (id, name, created_at) VALUES ('acme', 'Acme', 'now');
      INSERT INTO webhooks (id, company_id, url, secret, events, created_at)
        VALUES ('w', 'acme', 'https://hooks.example/x', 'whsec_plain', '[]', 'now');
    `);
    migrate(db, serverMigrations.slice(0, 15));
    expect(db.prepare('SELECT secret FROM webhooks').get()).toEqual({ secret: 'whsec_plain' });
    const insert = db.prepare('INSERT INTO secret_box (singleton, key_check, created_at) VALUES (?, ?, ?)');
    insert.run(1, 'tsb1:x', 'now');
    expect(() => insert.run(2, 'tsb1:y', 'now')).toThrow(/CHECK/);
    expect(() => insert.run(1, 'tsb1:y', 'now')).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });
});
