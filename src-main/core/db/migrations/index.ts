import type { Migration } from '../../../../src-shared/sqlite/migrate';
import { migration as m0001 } from './0001_settings_and_device';
import { migration as m0002 } from './0002_keys_credentials_guard';
import { migration as m0003 } from './0003_account_consent_events';
import { migration as m0004 } from './0004_summary_cache';
import { migration as m0005 } from './0005_summary_sync';
import { migration as m0006 } from './0006_insights_view';
import { migration as m0007 } from './0007_permanent_password_attempts';
import { migration as m0008 } from './0008_sync_convergence';
import { migration as m0009 } from './0009_search_order';
import { migration as m0010 } from './0010_search_contentless';
import { migration as m0011 } from './0011_remembered_passwords';

/** The desktop database's migrations, in order. Add a file, then add it here. */
export const desktopMigrations: readonly Migration[] = [
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
];
