import type { Translation } from '../i18n/translation';
import type { settingsEn } from './i18n.en';

/** German texts for the settings screen and this computer’s company membership. */
export const settingsDe: Translation<typeof settingsEn> = {
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
    profile: 'Ihr Name für die Menschen, denen Sie helfen',
    displayName: 'Name',
    company: 'Unternehmen',
    profileHint:
      'Wird beim Verbinden angezeigt und als nicht bestätigt markiert, bis Sie sich mit einem Unternehmenskonto anmelden.',
    save: 'Speichern',
    saved: 'Gespeichert.',
    security: 'Sicherheit',
    passwordLength: 'Länge des Einmalpassworts',
    passwordLengthOption: '{{count}} Zeichen',
    passwordLengthHint: 'Längere Passwörter sind schwerer zu erraten. Ein neues Passwort gilt sofort.',
    account: 'Unternehmenskonto',
    endpointTitle: 'Wo Ihr Unternehmenskonto liegt',
    endpointNow: 'Anmeldung beim Endpunkt Ihres Unternehmens {{url}}.',
    endpointNowBuiltIn:
      'Anmeldung beim eingebauten Endpunkt auf diesem Computer ({{url}}). Liegt Ihr Konto beim Endpunkt Ihres Unternehmens? Geben Sie dessen Adresse ein.',
    endpointAddress: 'Adresse des Endpunkts Ihres Unternehmens',
    endpointExample: 'https://tandem.beispiel.de',
    endpointUse: 'Diesen Endpunkt verwenden',
    endpointBuiltIn: 'Eingebauten Endpunkt verwenden',
    endpointFixed: 'Ihre IT-Abteilung hat diesen Endpunkt auf diesem Computer festgelegt.',
    accountHint:
      'Melden Sie sich mit Ihrem Unternehmenskonto an: Dann gelten die Einstellungen Ihres Unternehmens, etwa für Session Insights.',
    email: 'E-Mail',
    password: 'Passwort',
    totp: 'Code aus Ihrer Authenticator-App (falls eingerichtet)',
    signIn: 'Anmelden',
    signOut: 'Abmelden',
    signedInAs: 'Angemeldet als {{name}} ({{email}}) bei {{company}}.',
    signInFailed: 'Anmeldung fehlgeschlagen: Prüfen Sie E-Mail, Passwort und Code.',
    insightsLogging: 'Session Insights-Protokollierung',
    insightsLoggingHint:
      'Was geschieht, wenn das Unternehmen eines Supporters eine Sitzung mit diesem Computer zusammenfassen möchte.',
    insightsAllowed: 'Erlaubt',
    insightsDenied: 'Verweigert',
    insightsAfterConfirmation: 'Nach Bestätigung',
    lockedByPolicy: 'Durch die Richtlinie Ihres Unternehmens festgelegt.',
    lockedByManaged: 'Von Ihrer IT-Abteilung auf diesem Computer festgelegt (verwaltete Konfiguration).',
    startAtLogin: 'Tandem starten, wenn ich mich an diesem Computer anmelde',
    startAtLoginHint:
      'Tandem wartet dann im Infobereich, sodass Supporter diesen Computer auch nach einem Neustart erreichen. Standardmäßig an, solange der unbeaufsichtigte Zugriff eingerichtet ist.',
    policyInsights: 'Verbindungsberichte und Session Insights für dieses Gerät',
    policyInsightsHint:
      'Die Richtlinie Ihres Unternehmens schaltet dies für dieses Gerät ein; Sie dürfen es hier ausschalten.',
    summarizer: 'Sitzungszusammenfassungen',
    summarizerHint:
      'Wer die Zusammenfassung einer protokollierten Sitzung schreibt. Ein KI-Dienst verbraucht pro Sitzung einen KI-Credit Ihres Unternehmens.',
    summarizerBuiltin: 'Integriert (ohne KI): auf diesem Computer aus dem Sitzungsprotokoll erstellt',
    summarizerOpenAi: 'KI-Dienst (OpenAI-kompatibel: OpenAI, Azure OpenAI, Ollama, llama.cpp, vLLM)',
    summarizerBaseUrl: 'Basis-URL',
    summarizerBaseUrlHint: 'Zum Beispiel https://api.openai.com/v1 oder http://localhost:11434/v1 für Ollama.',
    summarizerModel: 'Modell',
    summarizerApiKey: 'API-Schlüssel',
    summarizerApiKeyStored:
      'Ein Schlüssel ist im Schlüsselbund dieses Computers gespeichert. Geben Sie einen neuen ein, um ihn zu ersetzen.',
    summarizerApiKeyNone:
      'Wird im Schlüsselbund dieses Computers verwahrt und nie wieder angezeigt. Leer lassen bei Diensten ohne Schlüssel.',
    summarizerForgetKey: 'API-Schlüssel vergessen',
    summarizerSave: 'Einstellungen der Zusammenfassungen speichern',
    audit: 'Prüfprotokoll der Zustimmungen',
    auditHint:
      'Jede Session-Insights-Entscheidung auf diesem Computer, jeder Eintrag mit dem Hash des vorigen versiegelt.',
    auditCount_one: '{{count}} Entscheidung erfasst',
    auditCount_other: '{{count}} Entscheidungen erfasst',
    auditIntact: 'die Kette ist unversehrt',
    auditBroken: 'die Kette ist gebrochen: {{problem}}',
    auditExport: 'Prüfprotokoll exportieren',
    about: 'Über Tandem',
    version: 'Version {{version}}',
    dataDir: 'Datenordner',
  },
  company: {
    title: 'Unternehmen',
    none: 'Dieser Computer gehört zu keinem Unternehmen.',
    member: 'Dieser Computer gehört zu {{company}} (hinzugefügt von {{email}}; nicht von der IT verwaltet).',
    managedMember:
      'Dieser Computer ist ein verwaltetes Gerät von {{company}} (von Ihrer IT-Abteilung mit dem Token „{{token}}“ registriert).',
    howToJoin:
      'Er kommt mit dem Registrierungstoken Ihrer IT-Abteilung zu einem Unternehmen, oder wenn Sie sich mit Ihrem Unternehmenskonto anmelden und ihn hier hinzufügen.',
    join: 'Diesen Computer zu {{company}} hinzufügen',
    leave: 'Diesen Computer aus {{company}} entfernen',
    enrollmentPending: 'Registrierung mit dem Token Ihrer IT-Abteilung läuft …',
    enrolled:
      'Mit dem Token Ihrer IT-Abteilung registriert: Dieser Computer ist ein verwaltetes Gerät von {{company}}.',
    enrollmentFailed: 'Die Registrierung mit dem Token Ihrer IT-Abteilung ist fehlgeschlagen: {{reason}}',
  },
};
