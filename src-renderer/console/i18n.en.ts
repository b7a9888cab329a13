/**
 * English texts for the web console (the endpoint's page at `/`). Merged into the catalogue by
 * `i18n/en.ts`; German (`i18n.de.ts`) must have exactly these keys, the compiler checks.
 */
export const consoleEn = {
  console: {
    title: 'Tandem web console',
    lead: 'Administer your company’s Tandem and read its Session Insights from any browser: users, devices, policies, integrations, summaries.',
    checking: 'Checking your session…',
    signedInAs: 'Signed in: {{name}} · {{company}}',
    signOut: 'Sign out',
    nav: 'Console sections',
    language: 'Language',
    desktopOnly:
      'Remote sessions run in the Tandem desktop app; this console administers the company and reads its records.',
    unreachable: 'The cloud endpoint is not answering. Reload the page in a moment.',
    noAdministration:
      'Your role includes neither administration nor Session Insights. Ask your company’s administrator.',
    notificationsHint:
      'Let this browser tell you of a new video session request while the console is in the background.',
    allowNotifications: 'Allow notifications',
  },
} as const;
