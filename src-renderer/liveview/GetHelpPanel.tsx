import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * LV-2: before asking for help, the end user reads what a supporter will see and may do, and
 * acknowledges it (*I understand*); *Your name* is optional.
 */
export function GetHelpPanel({
  busy,
  onStart,
  onCancel,
}: {
  busy: boolean;
  onStart: (yourName: string) => void;
  onCancel: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const [understood, setUnderstood] = useState(false);
  const [yourName, setYourName] = useState('');
  return (
    <form
      className="get-help-panel"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (understood) onStart(yourName.trim());
      }}
    >
      <h3 id={`${id}-title`}>{t('getHelp.panelTitle')}</h3>
      <h4>{t('getHelp.seesTitle')}</h4>
      <ul>
        <li>{t('getHelp.seesStatus')}</li>
        <li>{t('getHelp.seesApp')}</li>
        <li>{t('getHelp.seesDevice')}</li>
        <li>{t('getHelp.seesLocation')}</li>
        <li>{t('getHelp.seesTags')}</li>
      </ul>
      <h4>{t('getHelp.mayTitle')}</h4>
      <ul>
        <li>{t('getHelp.mayConnect')}</li>
        <li>{t('getHelp.mayNotSee')}</li>
      </ul>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('getHelp.yourName')}</label>
        <input
          id={`${id}-name`}
          type="text"
          autoComplete="name"
          maxLength={80}
          value={yourName}
          aria-describedby={`${id}-name-hint`}
          onChange={(event) => setYourName(event.target.value)}
        />
        <span id={`${id}-name-hint`} className="hint">
          {t('getHelp.yourNameHint')}
        </span>
      </div>
      <label className="check">
        <input type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
        {t('getHelp.acknowledge')}
      </label>
      <div className="modal-actions">
        <button type="submit" disabled={!understood || busy} aria-busy={busy}>
          {t('getHelp.start')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('getHelp.cancel')}
        </button>
      </div>
    </form>
  );
}
