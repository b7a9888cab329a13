import { shellDe } from '../shell/i18n.de';
import { hostDe } from '../host/i18n.de';
import { sessionDe } from '../session/i18n.de';
import { insightsDe } from '../insights/i18n.de';
import { settingsDe } from '../settings/i18n.de';
import { adminDe } from '../admin/i18n.de';
import { consoleDe } from '../console/i18n.de';
import { liveviewDe } from '../liveview/i18n.de';
import { computersDe } from '../computers/i18n.de';
import { videoDe } from '../video/i18n.de';
import { reportsDe } from '../reports/i18n.de';
import { errorsDe } from '../../src-shared/errors.de';
import type { Catalog } from './en';

/** The German catalogue: the features' `i18n.de.ts` files, listed as in `en.ts`. */
export const de: Catalog = {
  ...shellDe,
  ...hostDe,
  ...sessionDe,
  ...insightsDe,
  ...settingsDe,
  ...adminDe,
  ...consoleDe,
  ...liveviewDe,
  ...computersDe,
  ...videoDe,
  ...reportsDe,
  /** The one error catalogue's texts (src-shared/errors.de.ts), keyed by error code. */
  errors: errorsDe,
};
