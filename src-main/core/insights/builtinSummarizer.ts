import type { IssueType, LoggedEvent, SummaryFields } from '../../../src-shared/domain/summary';
import {
  FOLLOW_UP,
  REQUEST,
  WORKS_QUESTION,
  describesProblem,
  isBareYes,
  isConfirmation,
  isPleasantry,
  isStillFailing,
  normalize,
  quote,
  sentences,
  substance,
  titleDetail,
} from './chatReading';
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
    improved: (quote: string) => `Resolved, in the end user’s words: “${quote}”`,
    resolvedByNote: (quote: string) => `Resolved according to the supporter’s note: “${quote}”`,
    stillFailing: (quote: string) => `Not resolved: the end user said “${quote}”`,
    unresolved: 'Not confirmed as resolved during the session.',
    abandoned: (duration: string) => `Abandoned: the session ended after ${duration}, before anything was confirmed.`,
    connectionLost: (duration: string) => `Not confirmed as resolved: the connection was lost after ${duration}.`,
    nothingRecorded: 'Nothing was recorded in this session: no chat, notes, files or remote actions.',
    seconds: (n: number) => (n === 1 ? '1 second' : `${n} seconds`),
    minutes: (n: number) => (n === 1 ? '1 minute' : `${n} minutes`),
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
        ? `Die Fernsteuerung wurde erteilt (${by === 'host' ? 'vom Endbenutzer' : 'vom Supporter'}).`
        : `Die Fernsteuerung wurde auf „Nur ansehen“ umgestellt (${by === 'host' ? 'vom Endbenutzer' : 'vom Supporter'}).`,
    fileSent: (name: string, size: string, fromSupporter: boolean) =>
      fromSupporter
        ? `Datei ${name} (${size}) an den Endbenutzer gesendet.`
        : `Datei ${name} (${size}) vom Endbenutzer empfangen.`,
    apps: (apps: string) => `Gearbeitet in: ${apps}.`,
    clipboard: 'Text aus der Zwischenablage wurde geteilt.',
    note: (text: string) => `Notiz: ${text}`,
    resolved: 'Gelöst: Der Endbenutzer hat bestätigt, dass es funktioniert.',
    improved: (quote: string) => `Gelöst, in den Worten des Endbenutzers: „${quote}“`,
    resolvedByNote: (quote: string) => `Gelöst laut Notiz des Supporters: „${quote}“`,
    stillFailing: (quote: string) => `Nicht gelöst: Der Endbenutzer schrieb „${quote}“`,
    unresolved: 'In der Sitzung nicht als gelöst bestätigt.',
    abandoned: (duration: string) => `Abgebrochen: Die Sitzung endete nach ${duration}, bevor etwas bestätigt wurde.`,
    connectionLost: (duration: string) => `Nicht als gelöst bestätigt: Die Verbindung brach nach ${duration} ab.`,
    nothingRecorded: 'In dieser Sitzung wurde nichts aufgezeichnet: kein Chat, keine Notizen, Dateien oder Aktionen.',
    seconds: (n: number) => (n === 1 ? '1 Sekunde' : `${n} Sekunden`),
    minutes: (n: number) => (n === 1 ? '1 Minute' : `${n} Minuten`),
    titleWith: (issue: string, detail: string) => `${issue}: ${detail}`,
  },
} as const;

/** A session shorter than this in which nobody confirmed and nothing was done was abandoned rather than worked through. */
const ABANDONED_BELOW_SECONDS = 180;

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

function formatDuration(seconds: number, language: 'en' | 'de'): string {
  const text = TEXT[language];
  return seconds < 60 ? text.seconds(Math.round(seconds)) : text.minutes(Math.round(seconds / 60));
}

/**
 * The built-in summarizer: no network, no AI. It reads the session's event log and chat,
 * classifies issue types with the documented taxonomy, and writes the SI-8 fields in English or
 * German. It is what runs by default and whenever an AI summarizer cannot.
 *
 * It states only what the log shows. The outcome is "resolved" only when the end user (or the
 * supporter's note) says in so many words that it works — never from a "thanks" — and "not
 * resolved" when the end user says it still fails. The title is the problem area and the problem
 * as the end user put it, without greetings and thanks. A session in which nothing was recorded
 * says so, and one that ended within minutes without a confirmation says it was abandoned.
 */
export function summarizeBuiltin(input: SummaryInput, language: 'en' | 'de'): SummaryFields {
  const text = TEXT[language];
  const endUserSide = input.perspective === 'supporter' ? 'partner' : 'me';
  /** The log in order, each chat line marked as the end user's or the supporter's. */
  const events = input.log.map((event) => ({
    event,
    chat: event.kind === 'chat' && str(event.data.text).trim() ? str(event.data.text).trim() : null,
    byEndUser: event.kind === 'chat' && event.data.from === endUserSide,
  }));
  const chats = events
    .filter((entry) => entry.chat !== null)
    .map((entry) => ({ byEndUser: entry.byEndUser, text: entry.chat! }));
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

  // Each end-user line is read for a confirmation twice (problem, outcome): once is enough.
  const confirmations = new Map<string, ReturnType<typeof isConfirmation>>();
  const confirmationOf = (line: string) => {
    if (!confirmations.has(line)) confirmations.set(line, isConfirmation(line));
    return confirmations.get(line)!;
  };

  // The problem: the end user's first line that describes one, with the lines typed right after it.
  const endUserLines = events
    .map((entry, index) => ({ ...entry, index }))
    .filter((entry) => entry.chat !== null && entry.byEndUser)
    .map((entry) => ({ index: entry.index, text: entry.chat!, substance: substance(entry.chat!) }))
    .filter((line) => line.substance && !confirmationOf(line.text) && !isBareYes(line.substance));
  const first = endUserLines.find((line) => describesProblem(line.substance)) ?? endUserLines[0];
  const problemLines: typeof endUserLines = [];
  if (first) {
    problemLines.push(first);
    for (const line of endUserLines.slice(endUserLines.indexOf(first) + 1)) {
      const between = events.slice(problemLines.at(-1)!.index + 1, line.index);
      if (problemLines.length >= 3 || between.some((entry) => !entry.byEndUser && entry.event.kind !== 'foreground'))
        break;
      if (!describesProblem(line.substance) || isStillFailing(line.text)) break;
      problemLines.push(line);
    }
  }
  const problemIndexes = new Set(problemLines.map((line) => line.index));
  const problem = problemLines.length > 0 ? problemLines.map((line) => line.substance).join(' ') : text.noProblem;

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

  // The outcome: what the end user (or the supporter's note) last said about whether it works.
  type Verdict =
    | { kind: 'works' }
    | { kind: 'improved'; quote: string }
    | { kind: 'noted'; quote: string }
    | { kind: 'failing'; quote: string };
  let verdict: Verdict | null = null;
  let supporterActed = false;
  let lastQuestion: string | null = null;
  for (const [index, entry] of events.entries()) {
    const { event, chat } = entry;
    if (event.kind === 'note') {
      const note = str(event.data.text).trim();
      if (note && isConfirmation(note) === 'works') verdict = { kind: 'noted', quote: quote(note) };
      supporterActed = true;
      continue;
    }
    if (chat === null || !entry.byEndUser) {
      if (chat !== null) lastQuestion = chat.trimEnd().endsWith('?') ? chat : null;
      if (!['session_started', 'session_ended', 'foreground'].includes(event.kind)) supporterActed = true;
      continue;
    }
    const question = lastQuestion === null ? '' : normalize(lastQuestion);
    const answered = question !== '' && WORKS_QUESTION.test(question) && !REQUEST.test(question);
    lastQuestion = null;
    if (problemIndexes.has(index)) continue;
    const confirmation = confirmationOf(chat);
    if (confirmation === 'works') verdict = { kind: 'works' };
    else if (confirmation === 'improved') verdict = { kind: 'improved', quote: quote(chat) };
    else if (answered && isBareYes(chat)) verdict = { kind: 'works' };
    else if (isStillFailing(chat) && (supporterActed || answered)) verdict = { kind: 'failing', quote: quote(chat) };
  }

  const durationSeconds = Math.max(0, (Date.parse(input.endedAt) - Date.parse(input.startedAt)) / 1000);
  const somethingHappened =
    chats.some((chat) => !isPleasantry(chat.text)) ||
    notes.length > 0 ||
    input.log.some((event) => ['control', 'file', 'clipboard_used', 'foreground'].includes(event.kind));
  const endReason = str(input.log.findLast((event) => event.kind === 'session_ended')?.data.reason);
  let outcome: string;
  if (verdict?.kind === 'works') outcome = text.resolved;
  else if (verdict?.kind === 'improved') outcome = text.improved(verdict.quote);
  else if (verdict?.kind === 'noted') outcome = text.resolvedByNote(verdict.quote);
  else if (verdict?.kind === 'failing') outcome = text.stillFailing(verdict.quote);
  else if (!somethingHappened) outcome = text.nothingRecorded;
  else if (endReason === 'connection_lost') outcome = text.connectionLost(formatDuration(durationSeconds, language));
  else if (durationSeconds < ABANDONED_BELOW_SECONDS && !supporterActed)
    outcome = text.abandoned(formatDuration(durationSeconds, language));
  else outcome = text.unresolved;
  const followUps = [...chats.map((chat) => chat.text), ...notes].filter((line) => FOLLOW_UP.test(line)).slice(0, 10);

  // The title: the problem area and the problem in the end user's words (else a note's, else the application).
  const primary = issueTypes[0]!.type;
  const problemSentences = problemLines.flatMap((line) => sentences(line.substance));
  const problemSentence = problemSentences.find((sentence) => describesProblem(sentence)) ?? problemSentences[0];
  // A note's first clause names the problem; what follows a semicolon is usually what was done.
  const noteSentence = notes
    .flatMap((note) => sentences(note))
    .map((sentence) => sentence.split(';')[0]!)
    .find((sentence) => !isPleasantry(sentence));
  const detail = problemSentence
    ? titleDetail(problemSentence)
    : noteSentence
      ? titleDetail(noteSentence)
      : (applications[0] ?? '');
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
    durationSeconds,
    summarizer: 'builtin',
    note: null,
  };
}
