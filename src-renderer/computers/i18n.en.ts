/**
 * English texts for Computers (issue 15, item 7): the company's computers for its supporters.
 * Merged into the catalogue by `i18n/en.ts` under these key paths; German (`i18n.de.ts`) must
 * have exactly these keys, the compiler checks.
 */
export const computersEn = {
  computers: {
    title: 'Computers',
    lead: 'Your company’s computers, online or not. Connect to one with its ID.',
    list: 'Computers',
    search: 'Search by name, ID or policy',
    onlineFilter: 'Show',
    filter: {
      all: 'All computers',
      online: 'Online only',
      offline: 'Offline only',
    },
    count_one: '{{shown, number}} of {{count, number}} computer',
    count_other: '{{shown, number}} of {{count, number}} computers',
    more: 'Only the first {{shown, number}} are shown: narrow the search to find the others.',
    online: 'Online',
    offline: 'Offline',
    id: 'ID {{id}}',
    lastSeen: 'Last seen {{when}}',
    neverSeen: 'Not seen yet',
    policy: 'Policy: {{name}}',
    noPolicy: 'No policy',
    unattended: {
      on: 'Unattended access on',
      off: 'Unattended access off',
      unknown: 'Unattended access not known',
    },
    connect: 'Connect',
    connectTo: 'Connect to {{name}} (ID {{id}})',
    loading: 'Loading the computers…',
    emptyTitle: 'No computers yet',
    emptyBody:
      'A computer appears here once it runs Tandem and joins your company: enrolled with IT’s token, or signed in with a company account.',
    noMatch: 'No computer matches your search and filter.',
    error: 'The computers could not be loaded.',
    retry: 'Try again',
  },
} as const;
