/** The English catalogue. German (`de.ts`) must have exactly these keys; the compiler checks. */
export const en = {
  app: {
    name: 'Tandem',
    tagline: 'Remote support',
  },
  nav: {
    label: 'Main',
    host: 'Allow remote support',
    connect: 'Connect',
    insights: 'Insights',
    settings: 'Settings',
  },
  status: {
    connecting: 'Starting Tandem…',
    failedTitle: 'Tandem’s core is not answering',
    browserHint: 'In browser mode, open the full address that Tandem printed when it started.',
    failedBody:
      'The part of Tandem that keeps this device online did not respond. Restart Tandem; if it happens again, the log in the data folder says why.',
    lostTitle: 'The connection to Tandem’s core was lost',
    retry: 'Try again',
  },
  host: {
    title: 'Allow remote support',
    intro: 'To let a supporter help you, read out this ID and password to them.',
    deviceId: 'Your ID',
    password: 'Password',
    copyId: 'Copy ID',
    copyPassword: 'Copy password',
    copied: 'Copied to the clipboard',
    copyFailed: 'Copying failed — select the text and copy it by hand.',
    rotate: 'New password',
    rotated: 'A new password is active; the previous one no longer works.',
    passwordHint: 'The password changes after every session.',
  },
  connect: {
    title: 'Control a remote computer',
    intro: 'Enter the ID shown on your partner’s screen under “Allow remote support”.',
    partnerId: 'Partner ID',
    placeholder: '123 456 789',
    submit: 'Connect',
    invalid: 'A partner ID has nine digits, for example 123 456 789.',
    unavailable: 'Connecting to a partner becomes available with remote sessions in a coming version of Tandem.',
  },
  insights: {
    title: 'Session Insights',
    emptyTitle: 'No session summaries yet',
    emptyBody: 'Summaries of logged sessions appear here once your company has turned on Session Insights.',
  },
  settings: {
    title: 'Settings',
    language: 'Language',
    languageHint: 'Tandem remembers your choice on this device.',
    cloud: 'Cloud endpoint',
    cloudEmbedded: 'Built-in endpoint on this computer',
    cloudCompany: 'Your company’s endpoint',
    cloudReachable: 'Connected',
    cloudUnreachable: 'Not reachable',
    cloudChecking: 'Checking…',
    cloudCheck: 'Check connection',
    cloudProblem: 'Problem',
    cloudUnreachableHint:
      'Check the address and this computer’s network. Tandem keeps working offline and tries again.',
    cloudVersion: 'Server version {{version}}',
    about: 'About',
    version: 'Version {{version}}',
    dataDir: 'Data folder',
  },
  language: {
    en: 'English',
    de: 'Deutsch',
  },
  errors: {
    generic: 'Something went wrong. Please try again.',
    invalid_request: 'Tandem could not process that request. Please check your input.',
    transport_closed: 'The connection to Tandem’s core was lost.',
    timeout: 'Tandem’s core took too long to answer. Please try again.',
    unauthorized: 'This window is not allowed to talk to Tandem’s core. Open it again from Tandem.',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalog = Widen<typeof en>;
