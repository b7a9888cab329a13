import type { Translation } from '../i18n/translation';
import type { reportsEn } from './i18n.en';

/** German texts for the connection history (RS-11); the same keys as `i18n.en.ts`. */
export const reportsDe: Translation<typeof reportsEn> = {
  reports: {
    outgoingTitle: 'Ihre letzten Verbindungen',
    outgoingIntro:
      'Computer, mit denen Sie sich von hier aus verbunden haben, wie die Tandem-Cloud sie aufgezeichnet hat.',
    incomingTitle: 'Wer sich mit diesem Computer verbunden hat',
    incomingIntro: 'Jede Verbindungsanfrage an diesen Computer, wie die Tandem-Cloud sie aufgezeichnet hat.',
    loading: 'Verbindungsverlauf wird geladen …',
    outgoingEmpty: 'Sie haben sich von hier aus noch mit keinem anderen Computer verbunden.',
    incomingEmpty: 'Mit diesem Computer hat sich noch niemand verbunden.',
    refresh: 'Aktualisieren',
    showAll: 'Alle {{count}} anzeigen',
    toComputer: 'Computer {{id}}',
    use: 'Diese ID verwenden',
    useLabel: 'Die ID {{id}} oben eintragen, um sich erneut zu verbinden',
    byPassword: 'per Passwort',
    byCode: 'per Sitzungscode',
    full: 'volle Steuerung',
    view: 'nur ansehen',
    inProgress: 'Läuft',
    outcome: {
      pending: 'Wartet auf Antwort',
      completed: 'Abgeschlossen',
      ended_by_supporter: 'Vor dem Start zurückgezogen',
      ended_by_host: 'Vor dem Start beendet',
      denied: 'Abgelehnt',
      auth_failed: 'Falsches Passwort',
      locked: 'Abgewiesen: zu viele falsche Passwörter',
      timeout: 'Nicht rechtzeitig beantwortet',
      connection_lost: 'Verbindung verloren',
      cancelled: 'Abgebrochen',
    },
  },
};
