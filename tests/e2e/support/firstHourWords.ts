import { ADA } from './accounts';

/**
 * What the first-hour story reads on screen, in each language — written out, not looked up in the
 * app's catalogue, so a text missing from the German catalogue (showing English) fails the story.
 */
export interface FirstHourWords {
  locale: string;
  settings: string;
  administration: string;
  connect: string;
  insights: string;
  builtInEndpoint: RegExp;
  companyEndpoint: (url: string) => string;
  endpointAddress: string;
  useEndpoint: string;
  email: string;
  password: string;
  signIn: string;
  signedInAs: string;
  acceptTerms: string;
  activate: string;
  aiOn: string;
  outgoing: string;
  allCompanyUsers: string;
  summaryLanguage: string;
  hostTitle: string;
  yourId: string;
  partnerId: string;
  incomingTitle: string;
  wantsToConnect: string;
  verified: string;
  accept: string;
  consentAsks: string;
  neverLogged: string;
  allowSummary: string;
  banner: string;
  youAllowed: string;
  endUserAllowed: string;
  sessionWith: RegExp;
  remoteScreen: RegExp;
  chat: string;
  writeMessage: string;
  send: string;
  supporterSays: string;
  endUserSays: string;
  sendFile: string;
  fileDone: (name: string) => RegExp;
  endSession: string;
  sessionEnded: string;
  endedBySupporter: string;
  endedByYou: (partnerId: string) => string;
  save: (name: string) => string;
  close: string;
  summaries: string;
  summaryTitle: string;
  notConfirmed: string;
  falseClaim: RegExp;
  edit: string;
  title: string;
  editedTitle: string;
  save_: string;
  exportOne: string;
  exportTitle: string;
  format: string;
  export: string;
  delete: string;
  confirmDelete: string;
  emptyTitle: string;
  emptyBodyOn: string;
}

const supporter = `${ADA.name} (${ADA.company})`;

export const FIRST_HOUR_WORDS: Record<'en' | 'de', FirstHourWords> = {
  en: {
    locale: 'en-US',
    settings: 'Settings',
    administration: 'Administration',
    connect: 'Connect',
    insights: 'Insights',
    builtInEndpoint: /^Signing in at the built-in endpoint on this computer \(http:\/\/127\.0\.0\.1:\d+\)/,
    companyEndpoint: (url) => `Signing in at your company’s endpoint ${url}.`,
    endpointAddress: 'Your company’s endpoint address',
    useEndpoint: 'Use this endpoint',
    email: 'E-mail',
    password: 'Password',
    signIn: 'Sign in',
    signedInAs: `Signed in as ${ADA.name} (${ADA.email}) at ${ADA.company}.`,
    acceptTerms: 'I accept the terms of use for AI features on behalf of my company.',
    activate: 'Activate AI features',
    aiOn: `AI features are on (terms accepted by ${ADA.email}).`,
    outgoing: 'Summaries for outgoing connections',
    allCompanyUsers: 'All connections started by users from this company',
    summaryLanguage: 'Language of summaries',
    hostTitle: 'Allow remote support',
    yourId: 'Your ID',
    partnerId: 'Partner ID',
    incomingTitle: 'Incoming connection',
    wantsToConnect: `${supporter} wants to connect to this computer.`,
    verified: 'Verified: their company account confirms this name and company.',
    accept: 'Accept',
    consentAsks: `${ADA.company} would like to create a summary of this session with Session Insights.`,
    neverLogged: 'Never logged: screen images, keystrokes, file contents, clipboard contents.',
    allowSummary: 'Allow the summary',
    banner: `${supporter} is connected to this computer`,
    youAllowed: 'You allowed it.',
    endUserAllowed: 'The end user allowed it.',
    sessionWith: /^Session with /,
    remoteScreen: /^Remote screen of /,
    chat: 'Chat',
    writeMessage: 'Write a message',
    send: 'Send',
    supporterSays: 'Hello, I am looking at your printer settings.',
    endUserSays: 'Thanks! The printer says it is offline.',
    sendFile: 'Send a file',
    fileDone: (name) => new RegExp(`^${name.replace('.', '\\.')}: 100 % · done, checksum matches`),
    endSession: 'End session',
    sessionEnded: 'Session ended',
    endedBySupporter: `${supporter} ended the session.`,
    endedByYou: (id) => `You ended the session with ${id}.`,
    save: (name) => `Save ${name}`,
    close: 'Close',
    summaries: 'Summaries',
    summaryTitle: 'Printing: The printer says it is offline',
    notConfirmed: 'Not confirmed as resolved during the session.',
    falseClaim: /confirmed that it works|Resolved:|Thanks/,
    edit: 'Edit',
    title: 'Title',
    editedTitle: 'Printer offline, not solved yet',
    save_: 'Save',
    exportOne: 'Export…',
    exportTitle: 'Export 1 summary',
    format: 'Format',
    export: 'Export',
    delete: 'Delete',
    confirmDelete: 'Delete “Printer offline, not solved yet”?',
    emptyTitle: 'No session summaries yet',
    emptyBodyOn:
      'Session Insights is on for your company: the summary of each logged session appears here when the session ends.',
  },
  de: {
    locale: 'de-DE',
    settings: 'Einstellungen',
    administration: 'Administration',
    connect: 'Verbinden',
    insights: 'Insights',
    builtInEndpoint: /^Anmeldung beim eingebauten Endpunkt auf diesem Computer \(http:\/\/127\.0\.0\.1:\d+\)/,
    companyEndpoint: (url) => `Anmeldung beim Endpunkt Ihres Unternehmens ${url}.`,
    endpointAddress: 'Adresse des Endpunkts Ihres Unternehmens',
    useEndpoint: 'Diesen Endpunkt verwenden',
    email: 'E-Mail',
    password: 'Passwort',
    signIn: 'Anmelden',
    signedInAs: `Angemeldet als ${ADA.name} (${ADA.email}) bei ${ADA.company}.`,
    acceptTerms: 'Ich akzeptiere die Nutzungsbedingungen für KI-Features im Namen meines Unternehmens.',
    activate: 'KI-Features aktivieren',
    aiOn: `KI-Features sind an (Nutzungsbedingungen akzeptiert von ${ADA.email}).`,
    outgoing: 'Zusammenfassungen für ausgehende Verbindungen',
    allCompanyUsers: 'Alle Verbindungen, die von Benutzern dieses Unternehmens gestartet werden',
    summaryLanguage: 'Sprache der Zusammenfassungen',
    hostTitle: 'Fernsupport erlauben',
    yourId: 'Ihre ID',
    partnerId: 'Partner-ID',
    incomingTitle: 'Eingehende Verbindung',
    wantsToConnect: `${supporter} möchte sich mit diesem Computer verbinden.`,
    verified: 'Bestätigt: Das Firmenkonto dieser Person bestätigt Name und Unternehmen.',
    accept: 'Annehmen',
    consentAsks: `${ADA.company} möchte mit Session Insights eine Zusammenfassung dieser Sitzung erstellen.`,
    neverLogged: 'Nie protokolliert: Bildschirminhalte, Tastatureingaben, Dateiinhalte, Inhalte der Zwischenablage.',
    allowSummary: 'Zusammenfassung erlauben',
    banner: `${supporter} ist mit diesem Computer verbunden`,
    youAllowed: 'Sie haben zugestimmt.',
    endUserAllowed: 'Die Person am anderen Computer hat zugestimmt.',
    sessionWith: /^Sitzung mit /,
    remoteScreen: /^Entfernter Bildschirm von /,
    chat: 'Chat',
    writeMessage: 'Nachricht schreiben',
    send: 'Senden',
    supporterSays: 'Hallo, ich sehe mir gerade Ihre Druckereinstellungen an.',
    endUserSays: 'Danke! Der Drucker zeigt offline an.',
    sendFile: 'Datei senden',
    fileDone: (name) => new RegExp(`^${name.replace('.', '\\.')}: 100 % · fertig, Prüfsumme stimmt`),
    endSession: 'Sitzung beenden',
    sessionEnded: 'Sitzung beendet',
    endedBySupporter: `${supporter} hat die Sitzung beendet.`,
    endedByYou: (id) => `Sie haben die Sitzung mit ${id} beendet.`,
    save: (name) => `${name} speichern`,
    close: 'Schließen',
    summaries: 'Zusammenfassungen',
    summaryTitle: 'Drucken: Der Drucker zeigt offline an',
    notConfirmed: 'In der Sitzung nicht als gelöst bestätigt.',
    falseClaim: /hat bestätigt|Gelöst:|Danke/,
    edit: 'Bearbeiten',
    title: 'Titel',
    editedTitle: 'Drucker offline, noch nicht gelöst',
    save_: 'Speichern',
    exportOne: 'Exportieren …',
    exportTitle: '1 Zusammenfassung exportieren',
    format: 'Format',
    export: 'Exportieren',
    delete: 'Löschen',
    confirmDelete: '„Drucker offline, noch nicht gelöst“ löschen?',
    emptyTitle: 'Noch keine Sitzungszusammenfassungen',
    emptyBodyOn:
      'Session Insights ist für Ihr Unternehmen aktiviert: Die Zusammenfassung jeder protokollierten Sitzung erscheint hier, sobald die Sitzung endet.',
  },
};
