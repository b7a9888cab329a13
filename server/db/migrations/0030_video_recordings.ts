import type { EndpointMigration } from './migration';

/**
 * VS-6: a call's recordings with consent. Each request is a row: `asking` until every side has
 * accepted (`accepted_employee`, `accepted_code_user`), `on` from then (`on_at`), `stopped` when a
 * side declined or withdrew (`stopped_by`) or the call ended. The requesting employee's app records,
 * so only they (`requested_by`) may upload it, and only if it was ever `on`. The upload: its tus ID,
 * then once the bytes are checked against the SHA-256 the recorder declared, `ready_at` with its
 * size and duration. The file itself lies in the endpoint's data folder (`recordings/`).
 */
const tables = (strict: string) => `
    CREATE TABLE video_recordings (
      id                 TEXT PRIMARY KEY,
      session_id         TEXT NOT NULL REFERENCES video_sessions (id),
      state              TEXT NOT NULL CHECK (state IN ('asking', 'on', 'stopped')),
      requested_by       TEXT NOT NULL REFERENCES users (id),
      requested_at       TEXT NOT NULL,
      accepted_employee  INTEGER NOT NULL DEFAULT 0,
      accepted_code_user INTEGER NOT NULL DEFAULT 0,
      on_at              TEXT,
      stopped_at         TEXT,
      stopped_by         TEXT CHECK (stopped_by IN ('employee', 'code-user')),
      upload_id          TEXT UNIQUE,
      sha256             TEXT,
      size_bytes         INTEGER,
      duration_ms        INTEGER,
      ready_at           TEXT
    )${strict};
    CREATE INDEX video_recordings_session ON video_recordings (session_id, requested_at);
`;

export const migration: EndpointMigration = {
  version: 30,
  name: 'video_recordings',
  sqlite: tables(' STRICT'),
  postgres: tables(''),
};
