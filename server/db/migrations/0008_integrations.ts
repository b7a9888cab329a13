import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 8,
  name: 'integrations',
  sqlite: `
    -- SI-12: API tokens for the company's own systems; only a hash is kept.
    CREATE TABLE api_tokens (
      id          TEXT PRIMARY KEY,
      company_id  TEXT NOT NULL REFERENCES companies (id),
      created_by  TEXT NOT NULL REFERENCES users (id),
      name        TEXT NOT NULL,
      token_hash  TEXT NOT NULL UNIQUE,
      permissions TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      last_used_at TEXT,
      revoked_at  TEXT
    ) STRICT;

    -- SI-12: outgoing webhooks, signed with their own secret (HMAC-SHA256).
    CREATE TABLE webhooks (
      id         TEXT PRIMARY KEY,
      company_id TEXT NOT NULL REFERENCES companies (id),
      url        TEXT NOT NULL,
      secret     TEXT NOT NULL,
      events     TEXT NOT NULL,
      created_at TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT;

    -- SI-12: the ServiceNow and Salesforce connectors, one of each per company.
    CREATE TABLE connectors (
      company_id TEXT NOT NULL REFERENCES companies (id),
      kind       TEXT NOT NULL CHECK (kind IN ('servicenow', 'salesforce')),
      enabled    INTEGER NOT NULL,
      config     TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (company_id, kind)
    ) STRICT;

    -- Every delivery to a webhook or connector, retried with back-off; the admin's delivery log.
    CREATE TABLE deliveries (
      id              TEXT PRIMARY KEY,
      company_id      TEXT NOT NULL,
      target          TEXT NOT NULL,
      event           TEXT NOT NULL,
      summary_id      TEXT NOT NULL,
      ticket          TEXT,
      payload         TEXT NOT NULL,
      status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      last_status     INTEGER,
      last_error      TEXT,
      created_at      TEXT NOT NULL,
      delivered_at    TEXT
    ) STRICT;
    CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
    CREATE INDEX deliveries_log ON deliveries (company_id, target, created_at DESC);
  `,
  postgres: `
    CREATE TABLE api_tokens (
      id          TEXT PRIMARY KEY,
      company_id  TEXT NOT NULL REFERENCES companies (id),
      created_by  TEXT NOT NULL REFERENCES users (id),
      name        TEXT NOT NULL,
      token_hash  TEXT NOT NULL UNIQUE,
      permissions TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      last_used_at TEXT,
      revoked_at  TEXT
    );

    CREATE TABLE webhooks (
      id         TEXT PRIMARY KEY,
      company_id TEXT NOT NULL REFERENCES companies (id),
      url        TEXT NOT NULL,
      secret     TEXT NOT NULL,
      events     TEXT NOT NULL,
      created_at TEXT NOT NULL,
      deleted_at TEXT
    );

    CREATE TABLE connectors (
      company_id TEXT NOT NULL REFERENCES companies (id),
      kind       TEXT NOT NULL CHECK (kind IN ('servicenow', 'salesforce')),
      enabled    INTEGER NOT NULL,
      config     TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (company_id, kind)
    );

    CREATE TABLE deliveries (
      id              TEXT PRIMARY KEY,
      company_id      TEXT NOT NULL,
      target          TEXT NOT NULL,
      event           TEXT NOT NULL,
      summary_id      TEXT NOT NULL,
      ticket          TEXT,
      payload         TEXT NOT NULL,
      status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      last_status     INTEGER,
      last_error      TEXT,
      created_at      TEXT NOT NULL,
      delivered_at    TEXT
    );
    CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
    CREATE INDEX deliveries_log ON deliveries (company_id, target, created_at DESC);
  `,
};
