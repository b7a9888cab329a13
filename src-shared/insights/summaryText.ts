import type { SummaryFields } from '../domain/summary';
import { neverLoggedList } from '../consent/neverLogged';
import { SUMMARY_TERMS } from '../i18n/summaryTerms';

export type ExportLanguage = 'en' | 'de';

const LABELS = {
  en: {
    documentTitle: 'Session Insights',
    exported: (date: string, count: string) => `Exported ${date} · ${count}`,
    summaries: (count: number, formatted: string) => `${formatted} ${count === 1 ? 'summary' : 'summaries'}`,
    problem: 'Problem',
    actions: 'Actions taken',
    outcome: 'Outcome',
    followUps: 'Follow-ups',
    issueTypes: 'Issue types',
    applications: 'Applications',
    participants: 'Participants',
    device: 'Device',
    started: 'Started',
    duration: 'Duration',
    durationMinutes: 'Duration (min)',
    minutes: (value: string) => `${value} min`,
    summarizer: 'Written by',
    builtin: 'built-in summarizer (no AI)',
    ai: 'AI summarizer',
    note: 'Note',
    roles: { supporter: 'supporter', end_user: 'end user' },
    languageNote: (written: string) => `Written in ${written}; exported as written.`,
    languageNames: { en: 'English', de: 'German' },
    id: 'ID',
    title: 'Title',
    os: 'System',
    ticket: 'Ticket',
    source: 'Written by Tandem Session Insights',
    neverLogged: (list: string) => `Never logged: ${list}.`,
  },
  de: {
    documentTitle: 'Session Insights',
    exported: (date: string, count: string) => `Exportiert am ${date} · ${count}`,
    summaries: (count: number, formatted: string) =>
      `${formatted} ${count === 1 ? 'Zusammenfassung' : 'Zusammenfassungen'}`,
    problem: 'Problem',
    actions: 'Durchgeführte Schritte',
    outcome: 'Ergebnis',
    followUps: 'Nächste Schritte',
    issueTypes: 'Problemarten',
    applications: 'Anwendungen',
    participants: 'Beteiligte',
    device: 'Gerät',
    started: 'Beginn',
    duration: 'Dauer',
    durationMinutes: 'Dauer (Min.)',
    minutes: (value: string) => `${value} Min.`,
    summarizer: 'Verfasst von',
    builtin: 'integrierter Zusammenfasser (ohne KI)',
    ai: 'KI-Zusammenfasser',
    note: 'Hinweis',
    roles: { supporter: 'Supporter', end_user: 'Endbenutzer' },
    languageNote: (written: string) => `Auf ${written} verfasst; unverändert exportiert.`,
    languageNames: { en: 'Englisch', de: 'Deutsch' },
    id: 'ID',
    title: 'Titel',
    os: 'System',
    ticket: 'Ticket',
    source: 'Verfasst von Tandem Session Insights',
    neverLogged: (list: string) => `Nie protokolliert: ${list}.`,
  },
};

export type ExportLabels = (typeof LABELS)['en'];

/** One summary as a document shows it: every label, date and number in the export's language. */
export interface DescribedSummary {
  id: string;
  title: string;
  facts: { label: string; value: string }[];
  sections: { label: string; lines: string[] }[];
  languageNote: string | null;
}

export function exportTexts(language: ExportLanguage) {
  const labels = LABELS[language];
  const terms = SUMMARY_TERMS[language];
  const locale = language === 'de' ? 'de-DE' : 'en-US';
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const formatDeviceId = (id: string) => id.replace(/(\d{3})(?=\d)/g, '$1 ');

  const participants = (fields: SummaryFields) =>
    fields.participants.map((person) => `${person.name} (${labels.roles[person.role]})`).join(', ');
  const issueTypes = (fields: SummaryFields) =>
    fields.issueTypes.map((issue) => `${terms.issue[issue.type]} (${percent.format(issue.confidence)})`).join(', ');

  const describe = (id: string, fields: SummaryFields, languageNote: string | null): DescribedSummary => ({
    id,
    title: fields.title,
    facts: [
      { label: labels.started, value: dateTime.format(new Date(fields.startedAt)) },
      { label: labels.duration, value: labels.minutes(number.format(Math.max(1, fields.durationSeconds / 60))) },
      { label: labels.device, value: `${formatDeviceId(fields.device.id)} (${terms.os[fields.device.os]})` },
      {
        label: labels.participants,
        value: participants(fields) || '—',
      },
      {
        label: labels.issueTypes,
        value: issueTypes(fields),
      },
      { label: labels.applications, value: fields.applications.join(', ') || '—' },
      { label: labels.summarizer, value: fields.summarizer === 'builtin' ? labels.builtin : labels.ai },
      ...(fields.ticket ? [{ label: labels.ticket, value: fields.ticket }] : []),
    ],
    sections: [
      { label: labels.problem, lines: [fields.problem || '—'] },
      { label: labels.actions, lines: fields.actionsTaken.length ? fields.actionsTaken : ['—'] },
      { label: labels.outcome, lines: [fields.outcome || '—'] },
      ...(fields.followUps.length ? [{ label: labels.followUps, lines: fields.followUps }] : []),
      ...(fields.note ? [{ label: labels.note, lines: [fields.note] }] : []),
    ],
    languageNote,
  });

  /** The summary as plain text, e.g. a work note on a ticket. */
  const plain = (id: string, fields: SummaryFields): string => {
    const described = describe(id, fields, null);
    return [
      `${described.title}`,
      '',
      ...described.sections.flatMap((section) => [
        `${section.label}:`,
        ...(section.lines.length === 1 ? section.lines : section.lines.map((line) => `- ${line}`)),
        '',
      ]),
      ...described.facts.map((fact) => `${fact.label}: ${fact.value}`),
      '',
      `— ${labels.source}`,
    ].join('\n');
  };

  return {
    participants,
    issueTypes,
    plain,
    labels,
    terms,
    locale,
    dateTime,
    number,
    percent,
    describe,
    heading: (exportedAt: Date, count: number) =>
      labels.exported(dateTime.format(exportedAt), labels.summaries(count, number.format(count))),
    /** What the summaries could never contain, said once per document. */
    neverLogged: labels.neverLogged(neverLoggedList(language)),
    languageNote: (written: ExportLanguage) => labels.languageNote(labels.languageNames[written]),
  };
}
export type ExportTexts = ReturnType<typeof exportTexts>;
