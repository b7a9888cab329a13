import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 29,
  name: 'stroke_ttl',
  sqlite: `
    -- VS-6: how long a drawing in a video call takes to fade, in ms (1 s … 30 s, STROKE_TTL_MS);
    -- 3 s unless an administrator changes it.
    ALTER TABLE companies ADD COLUMN video_stroke_ttl_ms INTEGER NOT NULL DEFAULT 3000
      CHECK (video_stroke_ttl_ms BETWEEN 1000 AND 30000);
  `,
  postgres: `
    ALTER TABLE companies ADD COLUMN video_stroke_ttl_ms INTEGER NOT NULL DEFAULT 3000
      CHECK (video_stroke_ttl_ms BETWEEN 1000 AND 30000);
  `,
};
