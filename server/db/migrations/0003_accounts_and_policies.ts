import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 3,
  name: 'accounts_and_policies',
  sqlite: `
    CREATE TABLE companies (
      id                   TEXT PRIMARY KEY,
      name                 TEXT NOT NULL,
      created_at           TEXT NOT NULL,
      -- SI-1: AI features, activated by an admin who accepted the terms (recorded).
      ai_activated_at      TEXT,
      ai_terms_accepted_by TEXT,
      ai_terms_version     TEXT,
      outgoing_enabled     INTEGER NOT NULL DEFAULT 0,
      outgoing_scope       TEXT NOT NULL DEFAULT 'all_company_users'
                           CHECK (outgoing_scope IN ('all_company_users', 'quicksupport_modules')),
      incoming_enabled     INTEGER NOT NULL DEFAULT 0,
      incoming_scope       TEXT NOT NULL DEFAULT 'all_company_devices'
                           CHECK (incoming_scope IN ('all_company_devices', 'managed_devices_with_policy')),
      summary_language     TEXT NOT NULL DEFAULT 'en' CHECK (summary_language IN ('en', 'de'))
    ) STRICT;

    CREATE TABLE roles (
      id          TEXT PRIMARY KEY,
      company_id  TEXT NOT NULL REFERENCES companies (id),
      name        TEXT NOT NULL,
      permissions TEXT NOT NULL,
      UNIQUE (company_id, name)
    ) STRICT;

    CREATE TABLE users (
      id            TEXT PRIMARY KEY,
      company_id    TEXT NOT NULL REFERENCES companies (id),
      email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
      name          TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      totp_secret   TEXT,
      role_id       TEXT NOT NULL REFERENCES roles (id),
      -- SI-6: Log sessions for connection reporting.
      log_sessions  INTEGER NOT NULL DEFAULT 1,
      created_at    TEXT NOT NULL
    ) STRICT;

    CREATE TABLE auth_sessions (
      token_hash TEXT PRIMARY KEY,
      user_id    TEXT NOT NULL REFERENCES users (id),
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT;
    CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

    ALTER TABLE devices ADD COLUMN company_id TEXT REFERENCES companies (id);
    ALTER TABLE devices ADD COLUMN managed INTEGER NOT NULL DEFAULT 0;

    -- AC-2: bundles of settings; each setting optionally enforced.
    CREATE TABLE policies (
      id         TEXT PRIMARY KEY,
      company_id TEXT NOT NULL REFERENCES companies (id),
      name       TEXT NOT NULL,
      settings   TEXT NOT NULL,
      version    INTEGER NOT NULL DEFAULT 1,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE device_policies (
      device_id TEXT PRIMARY KEY REFERENCES devices (device_id),
      policy_id TEXT NOT NULL REFERENCES policies (id)
    ) STRICT;

    -- AC-3: company-branded, host-only configurations.
    CREATE TABLE quicksupport_modules (
      id               TEXT PRIMARY KEY,
      company_id       TEXT NOT NULL REFERENCES companies (id),
      name             TEXT NOT NULL,
      logo             TEXT,
      welcome_text     TEXT NOT NULL DEFAULT '',
      insights_enabled INTEGER NOT NULL DEFAULT 0,
      updated_at       TEXT NOT NULL
    ) STRICT;
  `,
  postgres: `
    -- SQLite's COLLATE NOCASE: e-mail addresses compare and are unique regardless of case.
    CREATE COLLATION tandem_nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

    CREATE TABLE companies (
      id                   TEXT PRIMARY KEY,
      name                 TEXT NOT NULL,
      created_at           TEXT NOT NULL,
      ai_activated_at      TEXT,
      ai_terms_accepted_by TEXT,
      ai_terms_version     TEXT,
      outgoing_enabled     INTEGER NOT NULL DEFAULT 0,
      outgoing_scope       TEXT NOT NULL DEFAULT 'all_company_users'
                           CHECK (outgoing_scope IN ('all_company_users', 'quicksupport_modules')),
      incoming_enabled     INTEGER NOT NULL DEFAULT 0,
      incoming_scope       TEXT NOT NULL DEFAULT 'all_company_devices'
                           CHECK (incoming_scope IN ('all_company_devices', 'managed_devices_with_policy')),
      summary_language     TEXT NOT NULL DEFAULT 'en' CHECK (summary_language IN ('en', 'de'))
    );

    CREATE TABLE roles (
      id          TEXT PRIMARY KEY,
      company_id  TEXT NOT NULL REFERENCES companies (id),
      name        TEXT NOT NULL,
      permissions TEXT NOT NULL,
      UNIQUE (company_id, name)
    );

    CREATE TABLE users (
      id            TEXT PRIMARY KEY,
      company_id    TEXT NOT NULL REFERENCES companies (id),
      email         TEXT NOT NULL UNIQUE COLLATE tandem_nocase,
      name          TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      totp_secret   TEXT,
      role_id       TEXT NOT NULL REFERENCES roles (id),
      log_sessions  INTEGER NOT NULL DEFAULT 1,
      created_at    TEXT NOT NULL
    );

    CREATE TABLE auth_sessions (
      token_hash TEXT PRIMARY KEY,
      user_id    TEXT NOT NULL REFERENCES users (id),
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      revoked_at TEXT
    );
    CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

    ALTER TABLE devices ADD COLUMN company_id TEXT REFERENCES companies (id);
    ALTER TABLE devices ADD COLUMN managed INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE policies (
      id         TEXT PRIMARY KEY,
      company_id TEXT NOT NULL REFERENCES companies (id),
      name       TEXT NOT NULL,
      settings   TEXT NOT NULL,
      version    INTEGER NOT NULL DEFAULT 1,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE device_policies (
      device_id TEXT PRIMARY KEY REFERENCES devices (device_id),
      policy_id TEXT NOT NULL REFERENCES policies (id)
    );

    CREATE TABLE quicksupport_modules (
      id               TEXT PRIMARY KEY,
      company_id       TEXT NOT NULL REFERENCES companies (id),
      name             TEXT NOT NULL,
      logo             TEXT,
      welcome_text     TEXT NOT NULL DEFAULT '',
      insights_enabled INTEGER NOT NULL DEFAULT 0,
      updated_at       TEXT NOT NULL
    );
  `,
};
