import type { IssueType, LoggedEvent, SummaryFields } from '../../../src-shared/domain/summary';
import { mentionsIssue, scoreIssueTypes } from './taxonomy';

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
    improved: (quote: string) => `Gelöst, in den Worten der Gegenstelle: „${quote}“`,
    resolvedByNote: (quote: string) => `Gelöst laut Notiz des Supporters: „${quote}“`,
    stillFailing: (quote: string) => `Nicht gelöst: Die Gegenstelle schrieb „${quote}“`,
    unresolved: 'In der Sitzung nicht als gelöst bestätigt.',
    abandoned: (duration: string) => `Abgebrochen: Die Sitzung endete nach ${duration}, bevor etwas bestätigt wurde.`,
    connectionLost: (duration: string) => `Nicht als gelöst bestätigt: Die Verbindung brach nach ${duration} ab.`,
    nothingRecorded: 'In dieser Sitzung wurde nichts aufgezeichnet: kein Chat, keine Notizen, Dateien oder Aktionen.',
    seconds: (n: number) => (n === 1 ? '1 Sekunde' : `${n} Sekunden`),
    minutes: (n: number) => (n === 1 ? '1 Minute' : `${n} Minuten`),
    titleWith: (issue: string, detail: string) => `${issue}: ${detail}`,
  },
} as const;

/** A session shorter than this that nobody confirmed was abandoned rather than worked through. */
const ABANDONED_BELOW_SECONDS = 180;

/**
 * A pattern with Unicode word boundaries: `\b` in `source` stands for the edge of a word in any
 * script (JavaScript's own `\b` knows only ASCII, so "öffnet" or "läuft" would not match). The
 * patterns are for text in lower case (see `normalize`): without the case-insensitive flag they
 * run many times faster.
 */
function words(source: string, flags = 'u'): RegExp {
  // Before a word (`\b` then a letter or a group) no letter may precede; after one, none may follow.
  const start = String.raw`(?<![\p{L}\p{N}'])`;
  const end = String.raw`(?![\p{L}\p{N}'])`;
  return new RegExp(
    source.replace(/\\b(?=([\p{L}(])?)/gu, (_edge, next?: string) => (next ? start : end)),
    flags,
  );
}

/** One pattern that matches where any of `sources` does (a single pass over the text). */
function alternatives(sources: string[]): RegExp {
  return words(sources.join('|'));
}

/** Explicit confirmation that the problem is gone, in English or German: one pattern of these alternatives. */
const CONFIRMS = alternatives(
  [
    // English
    String.raw`\b(works?|working)\b\s+(now|again|fine|perfectly|properly|correctly|normally|as expected)\b`,
    String.raw`\b(now|finally)\b[^.!?]{0,30}\b(works|working)\b`,
    String.raw`\b(it|that|this|everything|all)\s+(works|worked)\s*[!.]*$`,
    String.raw`\b(that|this|it|which)\s+(fixed|solved|did)\s+it\b`,
    String.raw`\b(that|this)\s+(did the trick|helped)\b`,
    String.raw`\b(it'?s|it is|that'?s|that is|is|are|problem|issue|all)\s+(fixed|solved|resolved|sorted)\b`,
    String.raw`\b(all good|back to normal|good to go|up and running|back online|online again)\b`,
    String.raw`\b(i|we)\s+can\s+(now|again)\b`,
    String.raw`\b(i|we)\s+can\s+([\p{L}-]+\s+){1,3}(again|now)\b`,
    String.raw`\b(prints?|printing|connects?|connected|connecting|loads?|loading|opens?|starts?|syncs?|syncing|sends?|sending|arrives?|arriving)\s+(again|fine|normally)\b`,
    String.raw`\b(no more|no longer any)\s+(errors?|problems?|issues?|crash\p{L}*|freez\p{L}*|pop-?ups?)\b`,
    String.raw`\bno longer\s+(freez|crash|hang|lag|ask|show|complain)\p{L}*`,
    // German
    String.raw`\b(funktioniert|geht|klappt|läuft|druckt|verbindet|startet|öffnet|lädt)\b[^.!?,]{0,25}\b(wieder|jetzt|nun|endlich|einwandfrei|problemlos|wunderbar|prima|perfekt)\b`,
    String.raw`\b(jetzt|nun|endlich|wieder)\b[^.!?,]{0,25}\b(funktioniert|geht|gehts|klappt|klappts|läuft|druckt|verbindet)\b`,
    String.raw`^(danke\s*[,!.]?\s*)?(es\s+|das\s+|alles\s+)?(funktioniert|klappt|klappts|läuft|geht|gehts)(\s+es|\s+das|\s+alles)?\s*[!.]*$`,
    String.raw`\b(behoben|gelöst)\b`,
    String.raw`\bhat\s+([\p{L}]+\s+)?(geholfen|geklappt|funktioniert)\b`,
    String.raw`\b(ich|wir)\s+(kann|können)\s+([\p{L}-]+\s+){0,3}(wieder|jetzt)\b`,
    String.raw`\balles\s+(wieder\s+)?(gut|ok|okay|in ordnung)\b`,
    String.raw`\b(wieder online|ist wieder da|passt jetzt|passt wieder|jetzt passt)\b`,
    String.raw`\bkein\p{L}*\s+(fehler\p{L}*|probleme?|absturz|abstürze|meldung\p{L}*)\s+mehr\b`,
    String.raw`\b(hängt|stürzt|friert|ruckelt)\b[^.!?]{0,20}\bnicht mehr\b`,
  ].map((source) => `(?:${source})`),
);

/**
 * Hopes, plans, conditions and reservations ("if it works now", "ob es jetzt geht", "should work",
 * "works but very slowly"): no confirmation.
 */
const HEDGE = words(
  String.raw`\b(if|whether|should|hopefully|maybe|perhaps|might|let me|i'll|i will|we'll|try|test|check|see if|ob|falls|wenn|sollte|sollten|hoffentlich|vielleicht|mal sehen|probier\p{L}*|versuch\p{L}*|teste|prüfe|but|however|aber|jedoch|allerdings)\b`,
);

/** Said of a problem that got better, not necessarily gone. */
const IMPROVED = words(
  String.raw`\b(much|way|a lot|far|lots|significantly)\s+(better|faster)\b|\bbetter now\b|\b(viel|deutlich|schon|wesentlich|um einiges)\s+(besser|schneller)\b|\bjetzt\s+(besser|schneller)\b`,
);

/** Phrases that say "no" without denying anything; taken out before looking for a negation. */
const HARMLESS_NO = words(
  String.raw`\b(no (problem|worries)|kein problem|keine ursache|no more (errors?|problems?|issues?)|no longer\s+\p{L}+|kein\p{L}*\s+(fehler\p{L}*|probleme?|absturz|abstürze|meldung\p{L}*)\s+mehr|(hängt|stürzt|friert|ruckelt)\b[^.!?]{0,20}\bnicht mehr)\b`,
  'gu',
);
const NEGATION = words(
  String.raw`\b(not|no|never|nothing|nope|none|neither|without|doesnt|dont|didnt|isnt|wont|cant|couldnt|wasnt|arent|nicht|nichts|nie|niemals|kein\p{L}*|nein|leider|immer noch|noch immer|weiterhin)\b|n't\b`,
);

/** After help: the end user says it still fails (or fails again). */
const STILL_FAILING = alternatives(
  [
    String.raw`\b(doesn'?t|does not|didn'?t|did not|isn'?t|is not|wasn'?t|won'?t|will not|can'?t|cannot|couldn'?t|could not|not)\s+(\p{L}+\s+)?(work|working|print|printing|connect|connecting|fixed|solved|resolved|help|helped|start|starting|open|opening|load|loading|send|sending|sync|syncing|change|changed|arrive|arriving)\b`,
    String.raw`\bstill\b[^.!?]*(n't\b|\b(not|no|nothing|error\p{L}*|fail\p{L}*|broken|offline|same|stuck|crash\p{L}*|freez\p{L}*|hang\p{L}*|slow|locked|asks?|asking|down)\b)`,
    String.raw`\b(offline|broken|down|stuck|frozen|crashed|crashing|failing|gone|slow)\s+again\b`,
    String.raw`\b(the\s+)?same\s+(error|problem|issue|message|thing)\b`,
    String.raw`^(no|nope|nah|not yet|unfortunately not)\b`,
    String.raw`\b(no luck|no change|no difference|nothing (happens|happened|changed))\b`,
    String.raw`\b(geht|gehts|funktioniert|klappt|klappts|läuft|druckt|verbindet|startet|öffnet|lädt|hilft|hat|kommt|kann)\b[^.!?]{0,30}\b(nicht|nichts|nie|kein\p{L}*)\b`,
    String.raw`\b(immer noch|noch immer|weiterhin|schon wieder)\b[^.!?]*\b(nicht|nichts|kein\p{L}*|fehler\p{L}*|offline|weg|kaputt|hängt|langsam|gleiche\p{L}*|dasselbe|gesperrt|abgestürzt|meldung)\b`,
    String.raw`\b(immer noch|noch immer)\s+(dasselbe|das gleiche|gleich|so)\b`,
    String.raw`\b(gleiche\p{L}*|dieselbe\p{L}*|derselbe|das gleiche)\s+(fehler\p{L}*|meldung|problem)\b`,
    String.raw`\bwieder\s+(offline|weg|kaputt|abgestürzt|eingefroren)\b`,
    String.raw`^(nein|leider nicht|noch nicht|nö)\b`,
    String.raw`\bleider\s+(nicht|immer noch|noch|weiterhin|nein)\b`,
  ].map((source) => `(?:${source})`),
);

/** A supporter's question whether it works now; a short "yes" to it confirms, a "no" denies. */
const WORKS_QUESTION = words(
  String.raw`\b(work|works|working|fixed|better|print|prints|connect|connects|arrive|log in|sign in|geht|gehts|funktioniert|klappt|klappts|läuft|besser|druckt|drucken|verbindet|anmelden|ankommen|kommen)\b`,
);
/** "Can you try to print now?": a request, so a "yes" to it agrees to try, it does not confirm. */
const REQUEST = words(
  String.raw`\b(try|test|could you|can you|would you|please|kannst du|können sie|könnten sie|probier\p{L}*|versuch\p{L}*|bitte)\b`,
);
const YES = words(String.raw`^(yes|yep|yeah|yup|correct|indeed|ja|jap|jep|jo|jawohl|genau|richtig|korrekt)\b`);

/** Greetings, thanks and acknowledgements: nothing about the problem. */
const PLEASANTRY =
  /^(?:hi|hello|hey|hiya|hi there|hello there|good (?:morning|afternoon|evening|day)|hallo|hallo zusammen|moin(?: moin)?|servus|grüß gott|grüezi|guten (?:morgen|tag|abend)|thanks?(?: you)?(?: (?:so|very) much| a lot| again)?|thank you(?: (?:so|very) much| again)?|many thanks|thx|ty|cheers|danke(?: schön| sehr| dir| ihnen| vielmals| nochmal| nochmals)?|dankeschön|vielen dank|besten dank|herzlichen dank|(?:thanks?|thank you|danke|vielen dank) (?:for|für) (?:your|the|ihre|deine|die) (?:help|hilfe|time|zeit|support|unterstützung)|ok(?:ay)?|okey|alles klar|bye|goodbye|tschüss|ciao|have a (?:nice|good) day|schönen tag(?: noch)?|you'?re welcome|gern(?:e| geschehen)?|bitte(?: schön| sehr)?|no (?:problem|worries)|kein problem|great|perfect|super|prima|cool|nice|sure|yes|yeah|yep|ja|jo|genau|one moment|just a moment|moment|einen moment|one sec|how can i help(?: you)?(?: today)?|what can i do for you|wie kann ich (?:ihnen |dir )?helfen|was kann ich für (?:sie|dich) tun)$/u;
/** A greeting that opens a sentence without a comma: "Hi my printer …", "Hallo der Drucker …". */
const OPENING_GREETING =
  /^(?:good (?:morning|afternoon|evening)|guten (?:morgen|tag|abend)|hi|hello|hey|hallo|moin|servus)\s+/iu;

/** Words that mark a line as describing a problem (besides the taxonomy's words). */
const PROBLEM = words(
  String.raw`\b(can'?t|cannot|couldn'?t|doesn'?t|don'?t|won'?t|isn'?t|not|no longer|error\p{L}*|broken|fails?|failing|failed|problem\p{L}*|issues?|help|offline|crash\p{L}*|freez\p{L}*|stuck|slow|missing|disappeared|forgot|locked|expired|need|want|how do i|geht nicht|nicht|kein\p{L}*|fehler\p{L}*|kaputt|problem\p{L}*|kann nicht|hilfe|abgestürzt|stürzt|hängt|langsam|gesperrt|vergessen|abgelaufen|verschwunden|weg|brauche|möchte|wie kann)\b`,
);

// "morgen" is "tomorrow", but not in the greeting "Guten Morgen".
const FOLLOW_UP =
  /\b(follow[- ]?up|tomorrow|call (you )?back|next week|later|ticket|remind)\b|(?<!guten )morgen\b|melde mich|nächste woche|später|rückruf|ticket/i;

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

/** A line as the patterns read it: in lower case, curly apostrophes as plain ones ("doesn’t" → "doesn't"). */
const normalize = (text: string) =>
  text
    .replace(/[’‘´`]/g, "'")
    .trim()
    .toLowerCase();

/** Sentences of a chat line (split after . ! ? and at line breaks), each with its punctuation. */
function sentences(text: string): string[] {
  return (
    text
      // Not after "2." ("im 2. Stock") or a lone letter ("z. B."): those are no sentence ends.
      .split(/(?<=[!?…])\s+|(?<=(?<![\p{N}]|(?:^|[\s.])\p{L})\.)\s+|\n+/u)
      .map((part) => part.trim())
      .filter(Boolean)
  );
}

/** Whether a text is only greetings, thanks, acknowledgements and perhaps a name. */
function isPleasantry(text: string): boolean {
  const fragments = text
    .split(/[,!.?;:…()\n]+/u)
    .map((fragment) => fragment.replace(/[^\p{L}\p{N}' -]+/gu, ' ').trim())
    .filter(Boolean);
  return fragments.every((fragment, index) => {
    const lower = fragment.toLowerCase().replace(/\s+/g, ' ');
    if (PLEASANTRY.test(lower)) return true;
    // "Hi Ben", "Danke Jana": a pleasantry and a name.
    const lastSpace = fragment.lastIndexOf(' ');
    const last = fragment.slice(lastSpace + 1);
    const isName = /^\p{Lu}[\p{L}'-]*$/u.test(last) && !mentionsIssue(last);
    if (lastSpace > 0 && isName && PLEASANTRY.test(lower.slice(0, lastSpace))) return true;
    // "Hi, Ben!": a name after a pleasantry.
    return index > 0 && lastSpace < 0 && isName;
  });
}

/** The sentence without the greetings and thanks it opens with ("Hi, my printer …" → "my printer …"). */
function withoutOpening(sentence: string): string {
  let rest = sentence.trim();
  for (;;) {
    const clause = /^([^,!.:;]+)[,!.:;]+\s*/u.exec(rest);
    if (clause && clause[0].length < rest.length && isPleasantry(clause[1]!)) {
      rest = rest.slice(clause[0].length);
      continue;
    }
    const greeting = OPENING_GREETING.exec(rest);
    if (greeting && greeting[0].length < rest.length) {
      rest = rest.slice(greeting[0].length);
      continue;
    }
    return rest;
  }
}

/** A chat line without its pleasantry sentences ("Thanks! The printer is offline." → "The printer is offline."). */
function substance(text: string): string {
  return sentences(text)
    .filter((sentence) => !isPleasantry(sentence))
    .join(' ');
}

function isConfirmation(text: string): 'works' | 'improved' | null {
  const line = normalize(text);
  const denies = NEGATION.test(line.replace(HARMLESS_NO, ' '));
  if (denies || STILL_FAILING.test(line)) return null;
  const claims = sentences(line).filter((sentence) => !sentence.endsWith('?'));
  const clauses = claims
    .flatMap((sentence) => {
      const parts = sentence.split(/\s*[,;]\s*/u);
      return parts.length > 1 ? [sentence, ...parts] : [sentence];
    })
    .filter((clause) => !HEDGE.test(clause));
  if (clauses.some((clause) => CONFIRMS.test(clause))) return 'works';
  if (clauses.some((clause) => IMPROVED.test(clause))) return 'improved';
  return null;
}

const isStillFailing = (text: string) => STILL_FAILING.test(normalize(text));

/** "Yes", "Ja, danke": a plain yes that neither denies nor describes anything. */
function isBareYes(text: string): boolean {
  const line = normalize(text);
  return (
    YES.test(line) && !NEGATION.test(line.replace(HARMLESS_NO, ' ')) && !PROBLEM.test(line) && !STILL_FAILING.test(line)
  );
}

const describesProblem = (text: string) => PROBLEM.test(normalize(text)) || mentionsIssue(text);

/** Quoted in an outcome: whole when short, else cut at a word. */
function quote(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : max).trimEnd()}…`;
}

/** A title's detail: the sentence's substance, capitalised, without closing punctuation, at most 80 characters. */
function titleDetail(sentence: string): string {
  let detail = withoutOpening(sentence)
    .replace(/[\s.!?…:;,]+$/u, '')
    .trim();
  if (detail.length > 80) {
    const cut = detail.slice(0, 80);
    detail = `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 80).replace(/[\s,;:-]+$/u, '')}…`;
  }
  return detail.charAt(0).toLocaleUpperCase() + detail.slice(1);
}

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
  else if (durationSeconds < ABANDONED_BELOW_SECONDS)
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
