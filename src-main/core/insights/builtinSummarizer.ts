import type { IssueType, LoggedEvent, SummaryFields } from '../../../src-shared/domain/summary';
import { scoreIssueTypes } from './taxonomy';

export interface SummaryInput {
  log: readonly LoggedEvent[];
  /** Whose log this is: it says which chat side is the end user. */
  perspective: 'supporter' | 'host';
  supporterName: string;
  endUserName: string | null;
  device: SummaryFields['device'];
  startedAt: string;
  endedAt: string;
}

const TEXT = {
  en: {
    issue: {
      printing: 'Printing',
      network_vpn: 'Network / VPN',
      email: 'E-mail',
      accounts_passwords: 'Account / password',
      performance: 'Performance',
      software_install_update: 'Software installation / update',
      hardware_peripherals: 'Hardware / peripherals',
      security_malware: 'Security / malware',
      other: 'Support session',
    },
    noProblem: 'No problem was described in the chat.',
    control: (access: string, by: string) =>
      access === 'full'
        ? `Remote control was granted (${by === 'host' ? 'by the end user' : 'by the supporter'}).`
        : `Remote control was switched to view only (${by === 'host' ? 'by the end user' : 'by the supporter'}).`,
    fileSent: (name: string, size: string, fromSupporter: boolean) =>
      fromSupporter
        ? `Sent the file ${name} (${size}) to the end user.`
        : `Received the file ${name} (${size}) from the end user.`,
    apps: (apps: string) => `Worked in: ${apps}.`,
    clipboard: 'Clipboard text was shared.',
    note: (text: string) => `Note: ${text}`,
    resolved: 'Resolved: the end user confirmed that it works.',
    unresolved: 'Not confirmed as resolved during the session.',
    titleWith: (issue: string, detail: string) => `${issue}: ${detail}`,
  },
  de: {
    issue: {
      printing: 'Drucken',
      network_vpn: 'Netzwerk / VPN',
      email: 'E-Mail',
      accounts_passwords: 'Konto / Passwort',
      performance: 'Leistung',
      software_install_update: 'Softwareinstallation / Update',
      hardware_peripherals: 'Hardware / Peripherie',
      security_malware: 'Sicherheit / Schadsoftware',
      other: 'Supportsitzung',
    },
    noProblem: 'Im Chat wurde kein Problem beschrieben.',
    control: (access: string, by: string) =>
      access === 'full'
        ? `Die Fernsteuerung wurde erteilt (${by === 'host' ? 'von der Gegenstelle' : 'vom Supporter'}).`
        : `Die Fernsteuerung wurde auf „Nur ansehen“ umgestellt (${by === 'host' ? 'von der Gegenstelle' : 'vom Supporter'}).`,
    fileSent: (name: string, size: string, fromSupporter: boolean) =>
      fromSupporter
        ? `Datei ${name} (${size}) an die Gegenstelle gesendet.`
        : `Datei ${name} (${size}) von der Gegenstelle empfangen.`,
    apps: (apps: string) => `Gearbeitet in: ${apps}.`,
    clipboard: 'Text aus der Zwischenablage wurde geteilt.',
    note: (text: string) => `Notiz: ${text}`,
    resolved: 'Gelöst: Die Gegenstelle hat bestätigt, dass es funktioniert.',
    unresolved: 'In der Sitzung nicht als gelöst bestätigt.',
    titleWith: (issue: string, detail: string) => `${issue}: ${detail}`,
  },
} as const;

const RESOLVED =
  /\b(works?( now| again)?|fixed|solved|thanks?|thank you|perfect|great)\b|funktioniert|geht (wieder|jetzt)|gelöst|danke|perfekt|super/i;
// "morgen" is "tomorrow", but not in the greeting "Guten Morgen".
const FOLLOW_UP =
  /\b(follow[- ]?up|tomorrow|call (you )?back|next week|later|ticket|remind)\b|(?<!guten )morgen\b|melde mich|nächste woche|später|rückruf|ticket/i;
const PROBLEM =
  /\b(can'?t|cannot|doesn'?t|won'?t|not working|error|broken|fails?|problem|issue|help)\b|geht nicht|funktioniert nicht|fehler|kaputt|problem|kann nicht|hilfe/i;

function formatSize(bytes: number, language: 'en' | 'de'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * The built-in summarizer: no network, no AI. It reads the session's event log and chat,
 * classifies issue types with the documented taxonomy, and writes the SI-8 fields in English or
 * German. It is what runs by default and whenever an AI summarizer cannot.
 */
export function summarizeBuiltin(input: SummaryInput, language: 'en' | 'de'): SummaryFields {
  const text = TEXT[language];
  const endUserSide = input.perspective === 'supporter' ? 'partner' : 'me';
  const chats = input.log
    .filter((event) => event.kind === 'chat' && str(event.data.text))
    .map((event) => ({ byEndUser: event.data.from === endUserSide, text: str(event.data.text).trim() }));
  const notes = input.log
    .filter((event) => event.kind === 'note')
    .map((event) => str(event.data.text).trim())
    .filter(Boolean);
  const applications = [
    ...new Set(
      input.log
        .filter((event) => event.kind === 'foreground')
        .map((event) => str(event.data.app).trim())
        .filter(Boolean),
    ),
  ];
  const titles = input.log.filter((event) => event.kind === 'foreground').map((event) => str(event.data.title));
  const files = input.log.filter((event) => event.kind === 'file');

  // Issue types: the chat, notes, file names and window titles, scored against the taxonomy.
  const scores = scoreIssueTypes([
    ...chats.map((chat) => chat.text),
    ...notes,
    ...files.map((f) => str(f.data.name)),
    ...titles,
    ...applications,
  ]);
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const issueTypes: SummaryFields['issueTypes'] =
    ranked.length > 0
      ? ranked.slice(0, 3).map(([type, hits]) => ({ type, confidence: Math.round((hits / (hits + 1.5)) * 100) / 100 }))
      : [{ type: 'other' as IssueType, confidence: 0.3 }];

  const endUserLines = chats.filter((chat) => chat.byEndUser).map((chat) => chat.text);
  const problem = endUserLines.find((line) => PROBLEM.test(line)) ?? endUserLines[0] ?? text.noProblem;

  const actionsTaken: string[] = [];
  for (const event of input.log) {
    if (event.kind === 'control') actionsTaken.push(text.control(str(event.data.access), str(event.data.by)));
    if (event.kind === 'file') {
      const sentByMe = event.data.direction === 'sent';
      const fromSupporter = input.perspective === 'supporter' ? sentByMe : !sentByMe;
      actionsTaken.push(
        text.fileSent(str(event.data.name), formatSize(Number(event.data.size) || 0, language), fromSupporter),
      );
    }
  }
  if (applications.length > 0) actionsTaken.push(text.apps(applications.join(', ')));
  if (input.log.some((event) => event.kind === 'clipboard_used')) actionsTaken.push(text.clipboard);
  for (const note of notes) actionsTaken.push(text.note(note));

  const lastWords = endUserLines.slice(-3);
  const outcome = lastWords.some((line) => RESOLVED.test(line)) ? text.resolved : text.unresolved;
  const followUps = [...chats.map((chat) => chat.text), ...notes].filter((line) => FOLLOW_UP.test(line)).slice(0, 10);

  const primary = issueTypes[0]!.type;
  const detail = applications[0] ?? (problem === text.noProblem ? '' : problem.split(/[.!?\n]/)[0]!.slice(0, 80));
  const title = detail ? text.titleWith(text.issue[primary], detail) : text.issue[primary];
  const participants: SummaryFields['participants'] = [
    { role: 'supporter', name: input.supporterName },
    ...(input.endUserName ? [{ role: 'end_user' as const, name: input.endUserName }] : []),
  ];
  return {
    language,
    title: title.slice(0, 200),
    problem: problem.slice(0, 2000),
    actionsTaken: actionsTaken.slice(0, 50),
    outcome,
    followUps,
    issueTypes,
    applications,
    participants,
    device: input.device,
    startedAt: input.startedAt,
    durationSeconds: Math.max(0, (Date.parse(input.endedAt) - Date.parse(input.startedAt)) / 1000),
    summarizer: 'builtin',
    note: null,
  };
}
