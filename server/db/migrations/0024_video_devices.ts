import type { EndpointMigration } from './migration';

/**
 * VS-1: a company's devices with codes, and the code users' tokens. The code is a credential: it
 * is kept sealed (shown to the company's employees, opened with the endpoint's secret key), and
 * found by its keyed hash, so the database alone gives no code away. A token is kept as its hash.
 */
const tables = (strict: string) => `
    CREATE TABLE video_devices (
      id          TEXT PRIMARY KEY,
      company_id  TEXT NOT NULL REFERENCES companies (id),
      name        TEXT NOT NULL,
      customer    TEXT NOT NULL,
      notes       TEXT NOT NULL,
      code_sealed TEXT NOT NULL,
      code_key    TEXT NOT NULL UNIQUE,
      disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      created_at  TEXT NOT NULL,
      created_by  TEXT NOT NULL
    )${strict};
    CREATE INDEX video_devices_company ON video_devices (company_id, name);
    CREATE TABLE video_code_user_tokens (
      token_hash TEXT PRIMARY KEY,
      device_id  TEXT NOT NULL REFERENCES video_devices (id),
      created_at TEXT NOT NULL,
      revoked_at TEXT
    )${strict};
    CREATE INDEX video_code_user_tokens_device ON video_code_user_tokens (device_id);
`;

export const migration: EndpointMigration = {
  version: 24,
  name: 'video_devices',
  sqlite: `${tables(' STRICT')}
    -- The new permissions go to the roles that manage users (the administrators), who could grant them anyway.
    UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'video.view', '$[#]', 'video.manage', '$[#]', 'video.conduct')
      WHERE EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'admin.users');
  `,
  postgres: `${tables('')}
    UPDATE roles SET permissions = (permissions::jsonb || '["video.view","video.manage","video.conduct"]'::jsonb)::text
      WHERE permissions::jsonb ? 'admin.users';
  `,
};
