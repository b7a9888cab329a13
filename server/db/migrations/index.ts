import type { Migration } from '../../../src-shared/sqlite/migrate';
import type { EndpointMigration } from './migration';
import { migration as m0001 } from './0001_instance';
import { migration as m0002 } from './0002_devices_and_reports';
import { migration as m0003 } from './0003_accounts_and_policies';
import { migration as m0004 } from './0004_consent_audit';
import { migration as m0005 } from './0005_ai_credits';
import { migration as m0006 } from './0006_summaries';
import { migration as m0007 } from './0007_summary_authors';
import { migration as m0008 } from './0008_integrations';
import { migration as m0009 } from './0009_enrollment';
import { migration as m0010 } from './0010_update_rollouts';
import { migration as m0011 } from './0011_signaling_secret';
import { migration as m0012 } from './0012_account_management';
import { migration as m0013 } from './0013_device_membership';
import { migration as m0014 } from './0014_device_request_nonces';
import { migration as m0015 } from './0015_secret_box';
import { migration as m0016 } from './0016_summary_origin';
import { migration as m0017 } from './0017_identity_key';
import { migration as m0018 } from './0018_summary_search';
import { migration as m0019 } from './0019_device_app_version';
import { migration as m0020 } from './0020_summary_search_words';
import { migration as m0021 } from './0021_help_sessions';
import { migration as m0022 } from './0022_help_connect_settings';
import { migration as m0023 } from './0023_computers';
import { migration as m0024 } from './0024_video_devices';
import { migration as m0025 } from './0025_video_tickets';
import { migration as m0026 } from './0026_help_session_lifetime';
import { migration as m0027 } from './0027_video_sessions';
import { migration as m0028 } from './0028_video_screenshots';
import { migration as m0029 } from './0029_stroke_ttl';
import { migration as m0030 } from './0030_video_recordings';
import { migration as m0031 } from './0031_summary_search_by_push';
import { migration as m0032 } from './0032_summary_search_contentless';

/** The cloud endpoint's migrations, in order, each for SQLite and PostgreSQL. Add a file, then add it here. */
export const endpointMigrations: readonly EndpointMigration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
  m0020,
  m0021,
  m0022,
  m0023,
  m0024,
  m0025,
  m0026,
  m0027,
  m0028,
  m0029,
  m0030,
  m0031,
  m0032,
];

/** Their SQLite form, as the shared runner (`src-shared/sqlite/migrate.ts`) takes it. */
export const serverMigrations: readonly Migration[] = endpointMigrations.map(({ version, name, sqlite }) => ({
  version,
  name,
  up: sqlite,
}));
