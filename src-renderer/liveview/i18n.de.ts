import type { Translation } from '../i18n/translation';
import type { liveviewEn } from './i18n.en';

/** German texts for the supporter's Live View (LV-1): the list of help sessions, its filters and states. */
export const liveviewDe: Translation<typeof liveviewEn> = {
  liveView: {
    title: 'Live View',
    lead: 'Alle in Ihrem Unternehmen, die gerade um Hilfe bitten.',
    list: 'Hilfesitzungen',
    search: 'Nach Tag, ID, Gerät oder Name suchen',
    statusFilter: 'Status',
    statusAll: 'Alle',
    sortBy: 'Sortieren nach',
    sort: {
      openedAt: 'Geöffnet',
      status: 'Status',
      deviceName: 'Gerät',
      code: 'ID',
    },
    order: 'Reihenfolge',
    asc: 'Aufsteigend',
    desc: 'Absteigend',
    status: {
      active: 'Aktiv',
      idle: 'Inaktiv',
    },
    count_one: '{{shown, number}} von {{count, number}} Hilfesitzung',
    count_other: '{{shown, number}} von {{count, number}} Hilfesitzungen',
    code: 'ID {{code}}',
    where: 'Verwendet {{app}}',
    whereUnknown: 'Anwendung nicht bekannt',
    locationUnknown: 'Standort nicht bekannt',
    os: '{{name}} {{version}}',
    tags: 'Tags',
    openFor: {
      lessThanMinute: 'seit weniger als einer Minute offen',
      minutes_one: 'seit {{count}} Min. offen',
      minutes_other: 'seit {{count}} Min. offen',
      hours: 'seit {{hours}} Std. {{minutes}} Min. offen',
    },
    connect: 'Verbinden',
    connectTo: 'Mit {{name}} verbinden (ID {{code}})',
    loading: 'Hilfesitzungen werden geladen …',
    emptyTitle: 'Gerade bittet niemand um Hilfe',
    emptyBody:
      'Endbenutzer bitten in Tandem mit „Hilfe anfordern“ um Hilfe: Sie lesen, was Sie sehen und tun dürfen, und erhalten eine Hilfesitzungs-ID. Ihre Anfrage erscheint sofort hier.',
    noMatch: 'Keine Hilfesitzung passt zu Ihrer Suche und Ihrem Filter.',
    offline:
      'Offline seit {{time}}: Dies sind die letzten Hilfesitzungen, von denen Tandem erfahren hat. Die Verbindung wird automatisch wiederhergestellt.',
    notPermitted:
      'Ihre Rolle erlaubt Live View nicht (mehr). Bitten Sie Ihre Administration um die Berechtigung „Live View“.',
    signedOut: 'Melden Sie sich mit Ihrem Unternehmenskonto an (Einstellungen), um zu sehen, wer um Hilfe bittet.',
  },
};
