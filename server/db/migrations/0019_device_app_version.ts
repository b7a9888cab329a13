import type { Migration } from '../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 19,
  name: 'device_app_version',
  up: `
    -- AC-2: the Tandem version each device last registered with, for the administration's device list.
    ALTER TABLE devices ADD COLUMN app_version TEXT;
  `,
};
