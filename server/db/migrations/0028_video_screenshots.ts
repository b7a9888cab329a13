import type { EndpointMigration } from './migration';

/**
 * VS-6, VS-7: a video session's screenshots, each with who took it and when, its picture (PNG or
 * JPEG bytes) and its drawings (the merged Yjs state both sides of the call save into).
 */
const tables = (bytes: string, strict: string) => `
    CREATE TABLE video_screenshots (
      id            TEXT PRIMARY KEY,
      session_id    TEXT NOT NULL REFERENCES video_sessions (id),
      taken_by_kind TEXT NOT NULL CHECK (taken_by_kind IN ('employee', 'code-user')),
      taken_by_user TEXT REFERENCES users (id),
      taken_at      TEXT NOT NULL,
      width         INTEGER NOT NULL,
      height        INTEGER NOT NULL,
      image_type    TEXT NOT NULL CHECK (image_type IN ('image/png', 'image/jpeg')),
      image         ${bytes} NOT NULL,
      document      ${bytes} NOT NULL,
      updated_at    TEXT NOT NULL
    )${strict};
    CREATE INDEX video_screenshots_session ON video_screenshots (session_id, taken_at);
`;

export const migration: EndpointMigration = {
  version: 28,
  name: 'video_screenshots',
  sqlite: tables('BLOB', ' STRICT'),
  postgres: tables('BYTEA', ''),
};
