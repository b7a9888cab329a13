import type { IssueType } from '../../../src-shared/domain/summary';

/**
 * Issue types and the words (English and German) that point to them. A match counts once per
 * message; word stems match at word starts, so "printer", "Drucker" and "Druckerwarteschlange"
 * all count. Words of three letters or fewer ("lan", "ram", "vpn") match only as whole words (a
 * plural "s" allowed), so "langsam" is no LAN and "Rampe" no RAM. The taxonomy is part of the
 * product: change it here and in the README together.
 */
export const TAXONOMY: Record<Exclude<IssueType, 'other'>, readonly string[]> = {
  printing: [
    'print',
    'printer',
    'spool',
    'toner',
    'paper jam',
    'druck',
    'drucker',
    'ausdruck',
    'papierstau',
    'warteschlange',
  ],
  network_vpn: [
    'vpn',
    'network',
    'wifi',
    'wi-fi',
    'wlan',
    'lan',
    'internet',
    'dns',
    'proxy',
    'netzwerk',
    'verbindung',
    'anyconnect',
    'ethernet',
  ],
  email: [
    'email',
    'e-mail',
    'mail',
    'outlook',
    'inbox',
    'mailbox',
    'posteingang',
    'postfach',
    'thunderbird',
    'exchange',
  ],
  accounts_passwords: [
    'password',
    'passwort',
    'passwört',
    'kennwort',
    'login',
    'log in',
    'sign in',
    'locked',
    'gesperrt',
    'account',
    'konto',
    'anmeld',
    'mfa',
    '2fa',
  ],
  performance: [
    'slow',
    'freez',
    'hang',
    'lag',
    'cpu',
    'memory',
    'ram',
    'langsam',
    'hängt',
    'einfrier',
    'friert',
    'eingefroren',
    'auslastung',
    'speicher voll',
  ],
  software_install_update: [
    'install',
    'update',
    'upgrade',
    'patch',
    'setup',
    'installier',
    'aktualisier',
    'version',
    'driver',
    'treiber',
    'software',
  ],
  hardware_peripherals: [
    'monitor',
    'screen',
    'keyboard',
    'mouse',
    'headset',
    'webcam',
    'usb',
    'dock',
    'bildschirm',
    'tastatur',
    'maus',
    'kamera',
    'scanner',
  ],
  security_malware: [
    'virus',
    'malware',
    'phishing',
    'ransom',
    'trojan',
    'suspicious',
    'antivirus',
    'defender',
    'verdächtig',
    'schadsoftware',
    'hack',
  ],
};

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One pattern per issue type, compiled once: any of its words at a word start. */
const PATTERNS = (Object.entries(TAXONOMY) as [Exclude<IssueType, 'other'>, readonly string[]][]).map(
  ([type, words]) =>
    [
      type,
      new RegExp(
        `(^|[^\\p{L}\\p{N}])(${words
          .map((word) => (word.length <= 3 ? `${escape(word)}s?(?![\\p{L}\\p{N}])` : escape(word)))
          .join('|')})`,
        'u',
      ),
    ] as const,
);

/** Match counts per issue type over the given texts (each text counts at most once per type). */
export function scoreIssueTypes(texts: readonly string[]): Map<Exclude<IssueType, 'other'>, number> {
  const scores = new Map<Exclude<IssueType, 'other'>, number>();
  for (const text of texts) {
    const lower = text.toLowerCase();
    for (const [type, pattern] of PATTERNS) {
      if (pattern.test(lower)) scores.set(type, (scores.get(type) ?? 0) + 1);
    }
  }
  return scores;
}

/** Whether a text names anything of the taxonomy. */
export function mentionsIssue(text: string): boolean {
  const lower = text.toLowerCase();
  return PATTERNS.some(([, pattern]) => pattern.test(lower));
}
