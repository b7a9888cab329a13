import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-shared/domain/session';
import { ErrorText } from '../shell/ErrorText';
import { errorMessage, useAction } from '../shell/useAction';
import { sessionActions } from './sessionStore';

/**
 * RS-5: the end user's monitors (name, main screen, size), to switch the picture between while
 * the session goes on — shown where there are several. The supporter's ask needs control; the
 * end user picks among their own at any time.
 */
export function ScreenMenu({
  view,
  disabled = false,
  buttonClass = 'secondary',
}: {
  view: SessionView;
  disabled?: boolean;
  /** The trigger's look where it sits (the end user's banner is dark). */
  buttonClass?: string;
}): React.JSX.Element | null {
  const { t } = useTranslation();
  const menuId = useId();
  const [open, setOpen] = useState(false);
  const choose = useAction(async (id: string) => {
    setOpen(false);
    await sessionActions.switchScreen(view.requestId, id);
  });
  const { sources, current, refused } = view.screens;
  if (sources.length < 2) return null;
  const label = t(view.role === 'host' ? 'session.screens.labelOwn' : 'session.screens.labelPartner');

  return (
    <div className="key-menu">
      <button
        type="button"
        className={buttonClass}
        aria-expanded={open && !disabled}
        aria-controls={menuId}
        disabled={disabled || choose.busy}
        onClick={() => setOpen(!open)}
      >
        {t('session.screens.menu')}
      </button>
      {open && !disabled && (
        <div
          id={menuId}
          role="group"
          aria-label={label}
          className="key-menu-items"
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          {sources.map((source, index) => (
            <button
              key={source.id}
              type="button"
              className="secondary"
              aria-pressed={source.id === current}
              onClick={() => void choose.run(source.id)}
            >
              {t(source.primary ? 'session.screens.primary' : 'session.screens.option', {
                name: source.name || t('session.screens.unnamed', { number: index + 1 }),
                width: source.width,
                height: source.height,
              })}
            </button>
          ))}
        </div>
      )}
      <ErrorText message={choose.error ?? (refused ? errorMessage(t, refused) : null)} />
    </div>
  );
}
