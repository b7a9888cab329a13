import type { IssueType } from '../../../src-shared/domain/summary';

/**
 * Issue types and the words (English and German) that point to them. A match counts once per
 * message; word stems match at word starts, so "printer", "Drucker" and "Druckerwarteschlange"
 * all count. The taxonomy is part of the product: change it here and in the README together.
 */
export const TAXONOMY: Record<Exclude<IssueType, 'other'>, readonly string[]> = {
  printing: ['print', 'printer', 'spool', 'toner', 'paper jam', 'druck', 'drucker', 'papierstau', 'warteschlange'],
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

/** Match counts per issue type over the given texts (each text counts at most once per type). */
export function scoreIssueTypes(texts: readonly string[]): Map<Exclude<IssueType, 'other'>, number> {
  const scores = new Map<Exclude<IssueType, 'other'>, number>();
  for (const text of texts) {
    const lower = text.toLowerCase();
    for (const [type, words] of Object.entries(TAXONOMY) as [Exclude<IssueType, 'other'>, readonly string[]][]) {
      const hit = words.some((word) =>
        new RegExp(`(^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u').test(lower),
      );
      if (hit) scores.set(type, (scores.get(type) ?? 0) + 1);
    }
  }
  return scores;
}
