import type { Translation } from '../i18n/translation';
import type { shellEn } from './i18n.en';

/** German texts for the app frame: name, navigation, core status, language names and the update banner. */
export const shellDe: Translation<typeof shellEn> = {
  app: {
    name: 'Tandem',
    tagline: 'Fernsupport',
  },
  nav: {
    label: 'Hauptnavigation',
    host: 'Fernsupport erlauben',
    connect: 'Verbinden',
    liveView: 'Live View',
    computers: 'Computer',
    video: 'Videositzungen',
    insights: 'Insights',
    settings: 'Einstellungen',
    admin: 'Administration',
  },
  status: {
    connecting: 'Tandem wird gestartet …',
    failedTitle: 'Der Tandem-Kern antwortet nicht',
    browserHint: 'Im Browsermodus öffnen Sie die vollständige Adresse, die Tandem beim Start ausgegeben hat.',
    failedBody:
      'Der Teil von Tandem, der dieses Gerät erreichbar hält, hat nicht reagiert. Starten Sie Tandem neu; geschieht es wieder, steht der Grund im Protokoll im Datenordner.',
    lostTitle: 'Die Verbindung zum Tandem-Kern ist abgebrochen',
    retry: 'Erneut versuchen',
  },
  language: {
    en: 'English',
    de: 'Deutsch',
  },
  update: {
    title: 'Update',
    ready: 'Tandem {{version}} ist bereit zur Installation.',
    whatChanged: 'Was sich geändert hat',
    required: 'Ihre IT-Abteilung verlangt dieses Update: Es wird beim nächsten Neustart von Tandem installiert.',
    restart: 'Neu starten und aktualisieren',
    later: 'Später',
    refused:
      'Ein Update auf {{version}} wurde abgelehnt: Es ist nicht mit dem Release-Schlüssel von Tandem signiert. Informieren Sie Ihre IT-Abteilung.',
  },
};
