/**
 * English texts for the app frame: name, navigation, core status, language names and the update banner.
 * Merged into the catalogue by `i18n/en.ts` under these key paths; German (`i18n.de.ts`) must
 * have exactly these keys, the compiler checks.
 */
export const shellEn = {
  app: {
    name: 'Tandem',
    tagline: 'Remote support',
  },
  nav: {
    label: 'Main',
    host: 'Allow remote support',
    connect: 'Connect',
    liveView: 'Live View',
    computers: 'Computers',
    video: 'Video sessions',
    insights: 'Insights',
    settings: 'Settings',
    admin: 'Administration',
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
  language: {
    en: 'English',
    de: 'Deutsch',
  },
  update: {
    title: 'Update',
    ready: 'Tandem {{version}} is ready to install.',
    whatChanged: 'What changed',
    required: 'Your IT department requires this update: it is installed when Tandem next restarts.',
    restart: 'Restart and update',
    later: 'Later',
    refused: 'An update to {{version}} was refused: it is not signed by Tandem’s release key. Tell your IT department.',
  },
} as const;
