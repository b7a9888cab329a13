import type { Translation } from '../i18n/translation';
import type { liveviewEn } from './i18n.en';

/** German texts for Live View on the end user's side: *Hilfe anfordern*. */
export const liveviewDe: Translation<typeof liveviewEn> = {
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
