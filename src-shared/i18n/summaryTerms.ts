/**
 * The names of a summary's issue types and host systems in each language: the Insights view and
 * the exported documents use the same words.
 */
export const SUMMARY_TERMS = {
  en: {
    issue: {
      printing: 'Printing',
      network_vpn: 'Network / VPN',
      email: 'E-mail',
      accounts_passwords: 'Accounts / passwords',
      performance: 'Performance',
      software_install_update: 'Software installation / update',
      hardware_peripherals: 'Hardware / peripherals',
      security_malware: 'Security / malware',
      other: 'Other',
    },
    os: { windows: 'Windows', macos: 'macOS', linux: 'Linux', unknown: 'unknown system' },
  },
  de: {
    issue: {
      printing: 'Drucken',
      network_vpn: 'Netzwerk / VPN',
      email: 'E-Mail',
      accounts_passwords: 'Konten / Passwörter',
      performance: 'Leistung',
      software_install_update: 'Softwareinstallation / Update',
      hardware_peripherals: 'Hardware / Peripherie',
      security_malware: 'Sicherheit / Schadsoftware',
      other: 'Sonstiges',
    },
    os: { windows: 'Windows', macos: 'macOS', linux: 'Linux', unknown: 'unbekanntes System' },
  },
} as const;
