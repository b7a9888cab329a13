import type { Translation } from '../i18n/translation';
import type { consoleEn } from './i18n.en';

/** German texts for the web console; the same keys as `i18n.en.ts`. */
export const consoleDe: Translation<typeof consoleEn> = {
  console: {
    title: 'Tandem-Webkonsole',
    lead: 'Verwalten Sie Tandem für Ihr Unternehmen und lesen Sie seine Session Insights in jedem Browser: Benutzer, Geräte, Richtlinien, Integrationen, Zusammenfassungen.',
    checking: 'Ihre Sitzung wird geprüft …',
    signedInAs: 'Angemeldet: {{name}} · {{company}}',
    signOut: 'Abmelden',
    nav: 'Bereiche der Konsole',
    language: 'Sprache',
    desktopOnly:
      'Fernsitzungen laufen in der Tandem-Desktop-App; diese Konsole verwaltet das Unternehmen und liest seine Aufzeichnungen.',
    unreachable: 'Der Cloud-Endpunkt antwortet nicht. Laden Sie die Seite gleich noch einmal.',
    noAdministration:
      'Ihre Rolle umfasst weder Verwaltung noch Session Insights. Wenden Sie sich an die Administration Ihres Unternehmens.',
    notificationsHint:
      'Lassen Sie sich von diesem Browser über eine neue Anfrage für eine Videositzung benachrichtigen, auch wenn die Konsole im Hintergrund ist.',
    allowNotifications: 'Benachrichtigungen erlauben',
  },
};
