import type { Catalog } from './en';

export const de: Catalog = {
  app: {
    name: 'Tandem',
    tagline: 'Fernsupport',
  },
  nav: {
    label: 'Hauptnavigation',
    host: 'Fernsupport erlauben',
    connect: 'Verbinden',
    insights: 'Insights',
    settings: 'Einstellungen',
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
  host: {
    title: 'Fernsupport erlauben',
    intro: 'Damit Ihnen jemand helfen kann, nennen Sie ihm diese ID und dieses Passwort.',
    deviceId: 'Ihre ID',
    password: 'Passwort',
    copyId: 'ID kopieren',
    copyPassword: 'Passwort kopieren',
    copied: 'In die Zwischenablage kopiert',
    copyFailed: 'Kopieren fehlgeschlagen – markieren Sie den Text und kopieren Sie ihn von Hand.',
    rotate: 'Neues Passwort',
    rotated: 'Ein neues Passwort gilt; das bisherige funktioniert nicht mehr.',
    passwordHint: 'Das Passwort ändert sich nach jeder Sitzung.',
  },
  connect: {
    title: 'Einen entfernten Computer steuern',
    intro: 'Geben Sie die ID ein, die Ihr Partner unter „Fernsupport erlauben“ sieht.',
    partnerId: 'Partner-ID',
    placeholder: '123 456 789',
    submit: 'Verbinden',
    invalid: 'Eine Partner-ID hat neun Ziffern, zum Beispiel 123 456 789.',
    unavailable:
      'Die Verbindung zu einem Partner wird mit Fernsitzungen in einer kommenden Version von Tandem möglich.',
  },
  insights: {
    title: 'Session Insights',
    emptyTitle: 'Noch keine Sitzungszusammenfassungen',
    emptyBody:
      'Zusammenfassungen protokollierter Sitzungen erscheinen hier, sobald Ihr Unternehmen Session Insights aktiviert hat.',
  },
  settings: {
    title: 'Einstellungen',
    language: 'Sprache',
    languageHint: 'Tandem merkt sich Ihre Wahl auf diesem Gerät.',
    cloud: 'Cloud-Endpunkt',
    cloudEmbedded: 'Integrierter Endpunkt auf diesem Computer',
    cloudCompany: 'Endpunkt Ihres Unternehmens',
    cloudReachable: 'Verbunden',
    cloudUnreachable: 'Nicht erreichbar',
    cloudChecking: 'Wird geprüft …',
    cloudCheck: 'Verbindung prüfen',
    cloudProblem: 'Problem',
    cloudUnreachableHint:
      'Prüfen Sie die Adresse und das Netzwerk dieses Computers. Tandem arbeitet offline weiter und versucht es erneut.',
    cloudVersion: 'Serverversion {{version}}',
    about: 'Über Tandem',
    version: 'Version {{version}}',
    dataDir: 'Datenordner',
  },
  language: {
    en: 'English',
    de: 'Deutsch',
  },
  errors: {
    generic: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
    invalid_request: 'Tandem konnte diese Anfrage nicht verarbeiten. Bitte prüfen Sie Ihre Eingabe.',
    transport_closed: 'Die Verbindung zum Tandem-Kern ist abgebrochen.',
    timeout: 'Der Tandem-Kern hat zu lange nicht geantwortet. Bitte versuchen Sie es erneut.',
    unauthorized: 'Dieses Fenster darf nicht mit dem Tandem-Kern sprechen. Öffnen Sie es erneut aus Tandem.',
  },
};
