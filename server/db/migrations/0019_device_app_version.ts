import type { EndpointMigration } from './migration';

export const migration: EndpointMigration = {
  version: 19,
  name: 'device_app_version',
  sqlite: `
    -- AC-2: the Tandem version each device last registered with, for the administration's device list.
    ALTER TABLE devices ADD COLUMN app_version TEXT;
  `,
  postgres: `
    ALTER TABLE devices ADD COLUMN app_version TEXT;
  `,
};
