import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  issueTypeSchema,
  summaryEditSchema,
  type IssueType,
  type SummaryEdit,
  type SummaryFields,
} from '../../src-shared/domain/summary';
import { CheckboxGroup } from '../shell/CheckboxGroup';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const LISTS: readonly Field[] = ['actionsTaken', 'followUps', 'issueTypes', 'applications'];
type Field = 'title' | 'problem' | 'actionsTaken' | 'outcome' | 'followUps' | 'issueTypes' | 'applications' | 'ticket';

/** SI-9: the parts of a summary a supporter may correct, checked before they are saved. */
export function SummaryEditForm({
  fields,
  onSave,
  onCancel,
}: {
  fields: SummaryFields;
  onSave(changes: SummaryEdit): Promise<void>;
  onCancel(): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const [title, setTitle] = useState(fields.title);
  const [problem, setProblem] = useState(fields.problem);
  const [actions, setActions] = useState(fields.actionsTaken.join('\n'));
  const [outcome, setOutcome] = useState(fields.outcome);
  const [followUps, setFollowUps] = useState(fields.followUps.join('\n'));
  const [issueTypes, setIssueTypes] = useState<IssueType[]>(fields.issueTypes.map((issue) => issue.type));
  const [applications, setApplications] = useState(fields.applications.join(', '));
  const [ticket, setTicket] = useState(fields.ticket ?? '');
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const save = useAction(async (changes: SummaryEdit) => onSave(changes));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const previous = new Map(fields.issueTypes.map((issue) => [issue.type, issue.confidence]));
    const parsed = summaryEditSchema.safeParse({
      title,
      problem,
      actionsTaken: lines(actions),
      outcome,
      followUps: lines(followUps),
      // A type the supporter confirms by hand is certain; one the summarizer chose keeps its confidence.
      issueTypes: issueTypes.map((type) => ({ type, confidence: previous.get(type) ?? 1 })),
      applications: applications
        .split(',')
        .map((app) => app.trim())
        .filter(Boolean),
      ...(ticket.trim() ? { ticket: ticket.trim() } : {}),
    });
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        if (found[field]) continue;
        found[field] =
          field === 'title' && issue.code === 'too_small'
            ? t('insights.invalid.title')
            : field === 'issueTypes' && issue.code === 'too_small'
              ? t('insights.invalid.issueTypes')
              : field === 'ticket' && issue.code === 'invalid_format'
                ? t('insights.invalid.ticket')
                : issue.code === 'too_big' && issue.path.length === 1 && LISTS.includes(field)
                  ? t('insights.invalid.tooMany')
                  : t('insights.invalid.tooLong');
      }
      setProblems(found);
      document.getElementById(`${id}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setProblems({});
    void save.run(parsed.data);
  };

  const described = (field: Field) =>
    problems[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {};
  const text = (field: Field, label: string, value: string, set: (value: string) => void, multiline = false) => (
    <div className="field" key={field}>
      <label htmlFor={`${id}-${field}`}>{label}</label>
      {multiline ? (
        <textarea
          id={`${id}-${field}`}
          rows={3}
          value={value}
          onChange={(e) => set(e.target.value)}
          {...described(field)}
        />
      ) : (
        <input id={`${id}-${field}`} value={value} onChange={(e) => set(e.target.value)} {...described(field)} />
      )}
      <ErrorText id={`${id}-${field}-error`} message={problems[field]} />
    </div>
  );

  const texts = [
    text('title', t('insights.editTitle'), title, setTitle),
    text('problem', t('insights.editProblem'), problem, setProblem, true),
    text('actionsTaken', t('insights.editActions'), actions, setActions, true),
    text('outcome', t('insights.editOutcome'), outcome, setOutcome, true),
    text('followUps', t('insights.editFollowUps'), followUps, setFollowUps, true),
  ];
  const applicationsField = [
    text('applications', t('insights.editApplications'), applications, setApplications),
    text('ticket', t('insights.editTicket'), ticket, setTicket),
  ];
  const issueTypesDescribed = described('issueTypes');
  return (
    <form className="summary-edit" onSubmit={submit} noValidate>
      {texts}
      <CheckboxGroup
        id={`${id}-issueTypes`}
        tabIndex={-1}
        {...issueTypesDescribed}
        legend={t('insights.editIssueTypes')}
        options={issueTypeSchema.options}
        chosen={issueTypes}
        onChange={setIssueTypes}
        label={(type) => t(`insights.issue.${type}`)}
      >
        <ErrorText id={`${id}-issueTypes-error`} message={problems.issueTypes} />
      </CheckboxGroup>
      {applicationsField}
      <div className="actions">
        <button type="submit" disabled={save.busy}>
          {save.busy ? t('insights.saving') : t('insights.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={save.busy}>
          {t('insights.cancel')}
        </button>
      </div>
      <ErrorText message={save.error} />
    </form>
  );
}
