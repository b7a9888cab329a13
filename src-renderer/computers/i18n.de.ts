import type { Translation } from '../i18n/translation';
import type { computersEn } from './i18n.en';

/** German texts for Computers; the same keys as `i18n.en.ts` (the compiler checks). */
export const computersDe: Translation<typeof computersEn> = {
  computers: {
    title: 'Computer',
    lead: 'Die Computer Ihrer Firma, online oder nicht. Verbinden Sie sich mit einem über seine ID.',
    list: 'Computer',
    search: 'Nach Name, ID oder Richtlinie suchen',
    onlineFilter: 'Anzeigen',
    filter: {
      all: 'Alle Computer',
      online: 'Nur online',
      offline: 'Nur offline',
    },
    count_one: '{{shown, number}} von {{count, number}} Computer',
    count_other: '{{shown, number}} von {{count, number}} Computern',
    more: 'Nur die ersten {{shown, number}} werden gezeigt: Grenzen Sie die Suche ein, um die anderen zu finden.',
    online: 'Online',
    offline: 'Offline',
    id: 'ID {{id}}',
    lastSeen: 'Zuletzt gesehen {{when}}',
    neverSeen: 'Noch nicht gesehen',
    policy: 'Richtlinie: {{name}}',
    noPolicy: 'Keine Richtlinie',
    unattended: {
      on: 'Unbeaufsichtigter Zugriff an',
      off: 'Unbeaufsichtigter Zugriff aus',
      unknown: 'Unbeaufsichtigter Zugriff unbekannt',
    },
    connect: 'Verbinden',
    connectTo: 'Mit {{name}} verbinden (ID {{id}})',
    loading: 'Die Computer werden geladen…',
    emptyTitle: 'Noch keine Computer',
    emptyBody:
      'Ein Computer erscheint hier, sobald Tandem auf ihm läuft und er Ihrer Firma beitritt: eingebunden mit dem Token der IT oder angemeldet mit einem Firmenkonto.',
    noMatch: 'Kein Computer passt zu Ihrer Suche und Ihrem Filter.',
    error: 'Die Computer konnten nicht geladen werden.',
    retry: 'Erneut versuchen',
  },
};
