/**
 * English texts for the connection history (RS-11). Merged into the catalogue by `i18n/en.ts`;
 * German (`i18n.de.ts`) must have exactly these keys, the compiler checks.
 */
export const reportsEn = {
  reports: {
    outgoingTitle: 'Your recent connections',
    outgoingIntro: 'Computers you connected to from here, as the Tandem cloud recorded them.',
    incomingTitle: 'Who connected to this computer',
    incomingIntro: 'Every connection request to this computer, as the Tandem cloud recorded it.',
    loading: 'Loading the connection history…',
    outgoingEmpty: 'You have not connected to another computer from here yet.',
    incomingEmpty: 'Nobody has connected to this computer yet.',
    refresh: 'Refresh',
    showAll: 'Show all {{count}}',
    toComputer: 'Computer {{id}}',
    use: 'Use this ID',
    useLabel: 'Fill in the ID {{id}} above to connect again',
    byPassword: 'by password',
    byCode: 'by session code',
    full: 'full control',
    view: 'view only',
    inProgress: 'In progress',
    outcome: {
      pending: 'Waiting for an answer',
      completed: 'Completed',
      ended_by_supporter: 'Withdrawn before it started',
      ended_by_host: 'Ended before it started',
      denied: 'Declined',
      auth_failed: 'Wrong password',
      locked: 'Refused: too many wrong passwords',
      timeout: 'Not answered in time',
      connection_lost: 'Connection lost',
      cancelled: 'Cancelled',
    },
  },
} as const;
