/**
 * English texts for the supporter's Live View (LV-1): the list of help sessions, its filters and states.
 * Merged into the catalogue by `i18n/en.ts` under these key paths; German (`i18n.de.ts`) must
 * have exactly these keys, the compiler checks.
 */
export const liveviewEn = {
  liveView: {
    title: 'Live View',
    lead: 'Everyone in your company who is asking for help right now.',
    list: 'Help sessions',
    search: 'Search by tag, ID, device or name',
    statusFilter: 'Status',
    statusAll: 'All',
    sortBy: 'Sort by',
    sort: {
      openedAt: 'Opened',
      status: 'Status',
      deviceName: 'Device',
      code: 'ID',
    },
    order: 'Order',
    asc: 'Ascending',
    desc: 'Descending',
    status: {
      active: 'Active',
      idle: 'Idle',
    },
    count_one: '{{shown, number}} of {{count, number}} help session',
    count_other: '{{shown, number}} of {{count, number}} help sessions',
    code: 'ID {{code}}',
    where: 'Using {{app}}',
    whereUnknown: 'Application not known',
    locationUnknown: 'Location not known',
    os: '{{name}} {{version}}',
    tags: 'Tags',
    openFor: {
      lessThanMinute: 'open for less than a minute',
      minutes_one: 'open for {{count}} min',
      minutes_other: 'open for {{count}} min',
      hours: 'open for {{hours}} h {{minutes}} min',
    },
    connect: 'Connect',
    connectTo: 'Connect to {{name}} (ID {{code}})',
    loading: 'Loading the help sessions…',
    emptyTitle: 'Nobody is asking for help right now',
    emptyBody:
      'End users ask for help in Tandem with Get help: they read what you will see and may do, then get a help session ID. Their request appears here at once.',
    noMatch: 'No help session matches your search and filter.',
    offline: 'Offline since {{time}}: these are the last help sessions Tandem heard of. It reconnects by itself.',
    notPermitted:
      'Your role does not let you see Live View (any more). Ask your administrator for the permission “Live View”.',
    signedOut: 'Sign in with your company account (Settings) to see who is asking for help.',
  },
} as const;
