import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../../../../server/db/migrations';
import { migrate } from '../../../../../src-shared/sqlite/migrate';
import { tempDir } from '../../../../support/tempDir';

describe('migration 12: e-mail unique per company, disabled users, the account audit', () => {
  const dir = tempDir();
  afterEach(() => dir.cleanup());

  it('keeps every user with their sessions and API tokens, and lets another company use the same address', () => {
    const db = new Database(join(dir.path, 'tandem-cloud.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, serverMigrations.slice(0, 11));
    const now = '2026-11-01T00:00:00.000Z';
    db.exec(`
      INSERT INTO companies (id, name, created_at) VALUES ('acme', 'Acme', '${now}'), ('globex', 'Globex', '${now}');
      INSERT INTO roles (id, company_id, name, permissions) VALUES ('admin', 'acme', 'Administrator', '["admin.users"]'),
                                                                   ('g-admin', 'globex', 'Administrator', '["admin.users"]');
      INSERT INTO users (id, company_id, email, name, password_hash, totp_secret, role_id, log_sessions, created_at)
        VALUES ('ada', 'acme', 'Ada@Acme.test', 'Ada', 'hash', 'TOTP', 'admin', 0, '${now}');
      INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES ('s', 'ada', '${now}', '${now}');
      INSERT INTO api_tokens (id, company_id, created_by, name, token_hash, permissions, created_at)
        VALUES ('t', 'acme', 'ada', 'CRM', 'h', '[]', '${now}');
    `);

    migrate(db, serverMigrations);

    expect(db.prepare('SELECT * FROM users').all()).toEqual([
      {
        id: 'ada',
        company_id: 'acme',
        email: 'Ada@Acme.test',
        name: 'Ada',
        password_hash: 'hash',
        totp_secret: expect.any(String),
        role_id: 'admin',
        log_sessions: 0,
        created_at: now,
        disabled_at: null,
      },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const insert = db.prepare(
      "INSERT INTO users (id, company_id, email, name, password_hash, role_id, created_at) VALUES (?, ?, ?, 'x', 'h', ?, ?)",
    );
    insert.run('hank', 'globex', 'ada@acme.test', 'g-admin', now);
    expect(() => insert.run('ada2', 'acme', 'ADA@acme.test', 'admin', now)).toThrow(/UNIQUE/);
    // The sessions and tokens still point at their user: removing her without them is refused.
    expect(() => db.prepare("DELETE FROM users WHERE id = 'ada'").run()).toThrow(/FOREIGN KEY/);

    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join('\n');
    expect(plan("SELECT id FROM users WHERE email = 'ada@acme.test'")).toContain('users_email');
    expect(plan("SELECT 1 FROM summaries WHERE company_id = 'acme' AND request_id = 'r'")).toContain(
      'summaries_request',
    );
    db.prepare(
      "INSERT INTO account_audit (company_id, at, actor_id, actor, action, target, detail) VALUES ('acme', ?, 'ada', 'Ada', 'user.create', 'x', '{}')",
    ).run(now);
    expect(() => db.prepare("DELETE FROM account_audit WHERE company_id = 'acme'").run()).toThrow(/append-only/);
    db.close();
  });
});
