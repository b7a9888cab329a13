import { mentionsIssue } from './taxonomy';

/*
 * Reading a session's chat for the built-in summarizer: what a line says (a confirmation, a
 * problem, a pleasantry, a plain yes), in English and German, by patterns that run over text in
 * lower case. Kept apart from the summarizer so each reads as one thing.
 */
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
export const WORKS_QUESTION = words(
  String.raw`\b(work|works|working|fixed|better|print|prints|connect|connects|arrive|log in|sign in|geht|gehts|funktioniert|klappt|klappts|läuft|besser|druckt|drucken|verbindet|anmelden|ankommen|kommen)\b`,
);
/** "Can you try to print now?": a request, so a "yes" to it agrees to try, it does not confirm. */
export const REQUEST = words(
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
export const FOLLOW_UP =
  /\b(follow[- ]?up|tomorrow|call (you )?back|next week|later|ticket|remind)\b|(?<!guten )morgen\b|melde mich|nächste woche|später|rückruf|ticket/i;

/** A line as the patterns read it: in lower case, curly apostrophes as plain ones ("doesn’t" → "doesn't"). */
export const normalize = (text: string) =>
  text
    .replace(/[’‘´`]/g, "'")
    .trim()
    .toLowerCase();

/** Sentences of a chat line (split after . ! ? and at line breaks), each with its punctuation. */
export function sentences(text: string): string[] {
  return (
    text
      // Not after "2." ("im 2. Stock") or a lone letter ("z. B."): those are no sentence ends.
      .split(/(?<=[!?…])\s+|(?<=(?<![\p{N}]|(?:^|[\s.])\p{L})\.)\s+|\n+/u)
      .map((part) => part.trim())
      .filter(Boolean)
  );
}

/** Whether a text is only greetings, thanks, acknowledgements and perhaps a name. */
export function isPleasantry(text: string): boolean {
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
export function substance(text: string): string {
  return sentences(text)
    .filter((sentence) => !isPleasantry(sentence))
    .join(' ');
}

export function isConfirmation(text: string): 'works' | 'improved' | null {
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

export const isStillFailing = (text: string) => STILL_FAILING.test(normalize(text));

/** "Yes", "Ja, danke": a plain yes that neither denies nor describes anything. */
export function isBareYes(text: string): boolean {
  const line = normalize(text);
  return (
    YES.test(line) && !NEGATION.test(line.replace(HARMLESS_NO, ' ')) && !PROBLEM.test(line) && !STILL_FAILING.test(line)
  );
}

export const describesProblem = (text: string) => PROBLEM.test(normalize(text)) || mentionsIssue(text);

/** Quoted in an outcome: whole when short, else cut at a word. */
export function quote(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : max).trimEnd()}…`;
}

/** A title's detail: the sentence's substance, capitalised, without closing punctuation, at most 80 characters. */
export function titleDetail(sentence: string): string {
  let detail = withoutOpening(sentence)
    .replace(/[\s.!?…:;,]+$/u, '')
    .trim();
  if (detail.length > 80) {
    const cut = detail.slice(0, 80);
    detail = `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 80).replace(/[\s,;:-]+$/u, '')}…`;
  }
  return detail.charAt(0).toLocaleUpperCase() + detail.slice(1);
}
