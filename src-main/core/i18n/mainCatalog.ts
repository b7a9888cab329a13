import type { Language } from '../../../src-shared/domain/settings';

/** The few strings the main process shows itself (tray, native dialogs), in both languages. */
const catalog = {
  en: {
    trayTooltip: 'Tandem — remote support',
    trayOpen: 'Open Tandem',
    trayQuit: 'Quit Tandem',
    startupFailedTitle: 'Tandem could not start',
    videoRequestedTitle: 'A video session is requested',
    videoRequestedTicket: 'Ticket: {ticket}',
  },
  de: {
    trayTooltip: 'Tandem – Fernsupport',
    trayOpen: 'Tandem öffnen',
    trayQuit: 'Tandem beenden',
    startupFailedTitle: 'Tandem konnte nicht starten',
    videoRequestedTitle: 'Eine Videositzung wird angefragt',
    videoRequestedTicket: 'Ticket: {ticket}',
  },
} satisfies Record<Language, Record<string, string>>;

export type MainStrings = (typeof catalog)['en'];

export function mainStrings(language: string | null | undefined): MainStrings {
  return language?.toLowerCase().startsWith('de') ? catalog.de : catalog.en;
}
