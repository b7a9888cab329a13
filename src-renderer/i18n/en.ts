import { shellEn } from '../shell/i18n.en';
import { hostEn } from '../host/i18n.en';
import { sessionEn } from '../session/i18n.en';
import { insightsEn } from '../insights/i18n.en';
import { settingsEn } from '../settings/i18n.en';
import { adminEn } from '../admin/i18n.en';
import { consoleEn } from '../console/i18n.en';
import { liveviewEn } from '../liveview/i18n.en';
import { computersEn } from '../computers/i18n.en';
import { videoEn } from '../video/i18n.en';
import { reportsEn } from '../reports/i18n.en';
import { errorsEn } from '../../src-shared/errors.en';
import type { Translation } from './translation';

/**
 * The English catalogue: each renderer feature's texts live beside it (`<feature>/i18n.en.ts`) and
 * are listed here, keeping their key paths (`t('insights.title')`). German (`de.ts`) must have
 * exactly these keys; the compiler checks.
 */
export const en = {
  ...shellEn,
  ...hostEn,
  ...sessionEn,
  ...insightsEn,
  ...settingsEn,
  ...adminEn,
  ...consoleEn,
  ...liveviewEn,
  ...computersEn,
  ...videoEn,
  ...reportsEn,
  /** The one error catalogue's texts (src-shared/errors.en.ts), keyed by error code. */
  errors: errorsEn,
} as const;

export type Catalog = Translation<typeof en>;
