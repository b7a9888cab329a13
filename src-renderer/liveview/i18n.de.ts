import type { Translation } from '../i18n/translation';
import type { liveviewEn } from './i18n.en';

/** German texts for Live View: the supporter's list of help sessions (LV-1) and the end user's *Get help* (LV-2). */
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
    request: {
      title: '{{name}} (ID {{code}}) bitten, die Verbindung zuzulassen',
      reason: 'Wofür (optional)',
      hint: 'Die Person liest, wer Sie sind, Ihr Unternehmen und diesen Text, und nimmt an oder lehnt ab. Vorher erreicht Sie nichts von ihrem Bildschirm.',
      send: 'Verbindung anfragen',
      cancel: 'Abbrechen',
    },
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
  getHelp: {
    title: 'Hilfe von Ihrem Unternehmen',
    intro:
      'Bitten Sie den Support Ihres Unternehmens um Hilfe: Er sieht, dass Sie warten, und kann anbieten, sich zu verbinden.',
    button: 'Hilfe anfordern',
    panelTitle: 'Bevor Sie Hilfe anfordern',
    seesTitle: 'Was der Support Ihres Unternehmens sieht, solange Sie Hilfe anfordern',
    seesStatus: 'Ob Sie an diesem Computer sind (Tandem im Vordergrund und in der letzten Minute benutzt) oder nicht',
    seesApp: 'Den Namen der Anwendung im Vordergrund (nicht ihren Inhalt)',
    seesDevice: 'Den Namen dieses Computers und sein Betriebssystem mit Version',
    seesLocation: 'Ihren Standort, aus der Zeitzone dieses Computers (etwa „Berlin, Europe“)',
    seesTags:
      'Ihren Namen und Ihre E-Mail-Adresse, wenn Sie angemeldet sind, Schlagwörter Ihrer IT-Abteilung und „Ihr Name“ unten',
    mayTitle: 'Was er tun darf',
    mayConnect:
      'Anfragen, sich mit diesem Computer zu verbinden. Sie nehmen jede Verbindung weiterhin an oder lehnen sie ab.',
    mayNotSee: 'Ihren Bildschirm sieht er erst, wenn Sie eine Verbindung annehmen.',
    acknowledge: 'Ich habe verstanden',
    yourName: 'Ihr Name (optional)',
    yourNameHint: 'Damit Ihr Support Sie in der Liste findet.',
    start: 'Jetzt Hilfe anfordern',
    cancel: 'Abbrechen',
    opening: 'Hilfe wird angefordert…',
    reconnecting:
      'Verbindung zur Tandem-Cloud Ihres Unternehmens wird wiederhergestellt… Bis dahin sieht Ihr Support Sie womöglich nicht.',
    openTitle: 'Sie fordern Hilfe an',
    codeLabel: 'Ihre Hilfesitzungs-ID',
    codeHint:
      'Nennen Sie diese ID Ihrem Support, oder warten Sie: Der Support Ihres Unternehmens sieht, dass Sie Hilfe anfordern.',
    copy: 'Hilfesitzungs-ID kopieren',
    kept: 'Sie fordern weiterhin mit derselben ID Hilfe an (Sitzung behalten).',
    renewedExpired: 'Ihre bisherige Hilfesitzungs-ID ist abgelaufen. Dies ist Ihre neue ID.',
    renewedEnded: 'Ihre bisherige Hilfesitzung wurde beendet. Sie fordern weiterhin Hilfe an, mit dieser neuen ID.',
    endingSoon:
      'Diese Hilfesitzungs-ID läuft in weniger als einer Minute ab. Danach erhalten Sie automatisch eine neue.',
    stop: 'Keine Hilfe mehr anfordern',
    stopped: 'Sie fordern keine Hilfe mehr an.',
    errorTitle: 'Hilfe anfordern hat nicht geklappt',
    retry: 'Erneut versuchen',
    keepSession: 'Nach einem Neustart von Tandem weiter Hilfe anfordern (dieselbe Hilfesitzungs-ID)',
    keepSessionHint: 'Aus: Wenn Sie Tandem schließen, fordern Sie keine Hilfe mehr an.',
    offline:
      'Tandem ist gerade nicht mit der Cloud Ihres Unternehmens verbunden; das Anfordern von Hilfe kann einen Moment dauern.',
  },
};
