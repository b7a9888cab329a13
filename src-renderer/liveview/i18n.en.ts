/**
 * English texts for Live View on the end user's side: *Get help*. Merged into the catalogue by
 * `i18n/en.ts` under these key paths; German (`i18n.de.ts`) must have exactly these keys, the
 * compiler checks.
 */
export const liveviewEn = {
  getHelp: {
    title: 'Get help from your company',
    intro: 'Ask your company’s supporters for help: they see that you are waiting and can offer to connect.',
    button: 'Get help',
    panelTitle: 'Before you ask for help',
    seesTitle: 'What your company’s supporters will see while you ask for help',
    seesStatus: 'Whether you are at this computer (Tandem in front and used in the last minute) or away',
    seesApp: 'The name of the application in front (not its content)',
    seesDevice: 'This computer’s name and its operating system with version',
    seesLocation: 'Your location, from this computer’s time zone (such as “Berlin, Europe”)',
    seesTags: 'Your name and e-mail address if you are signed in, tags your IT department set, and Your name below',
    mayTitle: 'What they may do',
    mayConnect: 'Ask to connect to this computer. You still accept or deny every connection.',
    mayNotSee: 'They do not see your screen until you accept a connection.',
    acknowledge: 'I understand',
    yourName: 'Your name (optional)',
    yourNameHint: 'Helps your supporter find you in the list.',
    start: 'Ask for help',
    cancel: 'Cancel',
    opening: 'Asking for help…',
    reconnecting: 'Reconnecting to your company’s Tandem cloud… Your supporters may not see you until then.',
    openTitle: 'You are asking for help',
    codeLabel: 'Your help session ID',
    codeHint: 'Read this ID out to your supporter, or wait: your company’s supporters can see you are asking.',
    copy: 'Copy help session ID',
    kept: 'You are still asking for help with the same ID (Keep session).',
    renewedExpired: 'Your previous help session ID expired. This is your new ID.',
    renewedEnded: 'Your previous help session ended. You are still asking for help, with this new ID.',
    endingSoon: 'This help session ID expires in less than a minute. A new ID follows automatically.',
    stop: 'Stop asking for help',
    stopped: 'You are no longer asking for help.',
    errorTitle: 'Asking for help did not work',
    retry: 'Try again',
    keepSession: 'Keep asking for help after Tandem restarts (same help session ID)',
    keepSessionHint: 'Off: closing Tandem stops asking for help.',
    offline: 'Tandem is not connected to your company’s cloud right now; asking for help may take a moment.',
  },
} as const;
