import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 13,
  name: 'device_membership',
  sqlite: `
    -- A device joins a company only through what it presents itself: an enrolment token (managed)
    -- or a signed-in user of the company on it (unmanaged). How and when is kept for the
    -- administrators' device list.
    ALTER TABLE devices ADD COLUMN joined_at TEXT;
    ALTER TABLE devices ADD COLUMN joined_via TEXT;

    -- An enrolment token may be limited to a number of devices; NULL means no limit.
    ALTER TABLE enrollment_tokens ADD COLUMN max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0);
  `,
  postgres: `
    ALTER TABLE devices ADD COLUMN joined_at TEXT;
    ALTER TABLE devices ADD COLUMN joined_via TEXT;
    ALTER TABLE enrollment_tokens ADD COLUMN max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0);
  `,
};
