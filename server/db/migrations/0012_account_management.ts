import type { Migration } from '../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 12,
  name: 'account_management',
  up: `
    -- E-mail addresses are unique per company, not across the endpoint: one company can neither
    -- learn whether an address has an account in another nor take it before that company does.
    -- SQLite cannot drop the old column's UNIQUE, so the table is rebuilt. The copy goes back
    -- into a table named users again; deferring foreign keys lets the sessions and API tokens
    -- that point at users find their rows again before the commit checks them.
    PRAGMA defer_foreign_keys = ON;
    CREATE TEMP TABLE users_before_0012 AS SELECT * FROM users;
    DROP TABLE users;
    CREATE TABLE users (
      id            TEXT PRIMARY KEY,
      company_id    TEXT NOT NULL REFERENCES companies (id),
      email         TEXT NOT NULL COLLATE NOCASE,
      name          TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      totp_secret   TEXT,
      role_id       TEXT NOT NULL REFERENCES roles (id),
      log_sessions  INTEGER NOT NULL DEFAULT 1,
      created_at    TEXT NOT NULL,
      -- A disabled user cannot sign in; their sessions and API tokens ended when it was set.
      disabled_at   TEXT,
      UNIQUE (company_id, email)
    ) STRICT;
    INSERT INTO users (id, company_id, email, name, password_hash, totp_secret, role_id, log_sessions, created_at)
      SELECT id, company_id, email, name, password_hash, totp_secret, role_id, log_sessions, created_at
        FROM users_before_0012;
    DROP TABLE users_before_0012;
    -- Sign-in looks an address up in every company.
    CREATE INDEX users_email ON users (email);
    CREATE INDEX api_tokens_creator ON api_tokens (created_by);
    -- The credit ledger asks whether the endpoint holds a session's summary before a refund.
    CREATE INDEX summaries_request ON summaries (company_id, request_id);

    -- Who changed which role or user, and when: read by the company's administrators.
    CREATE TABLE account_audit (
      id         INTEGER PRIMARY KEY,
      company_id TEXT NOT NULL REFERENCES companies (id),
      at         TEXT NOT NULL,
      actor_id   TEXT NOT NULL,
      actor      TEXT NOT NULL,
      action     TEXT NOT NULL,
      target     TEXT NOT NULL,
      detail     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX account_audit_company ON account_audit (company_id, id);
    CREATE TRIGGER account_audit_append_only_update BEFORE UPDATE ON account_audit
      BEGIN SELECT RAISE(ABORT, 'the account audit is append-only'); END;
    CREATE TRIGGER account_audit_append_only_delete BEFORE DELETE ON account_audit
      BEGIN SELECT RAISE(ABORT, 'the account audit is append-only'); END;
  `,
};
