import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-shared/domain/session';
import { partnerLabel } from './partnerLabel';
import { sessionActions, useSessionStore } from './sessionStore';

/** Chat (RS-7), files (RS-8) and clipboard (RS-9) — the same panel on both sides. */
export function SessionPanel({ view }: { view: SessionView }): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { chat: useId(), file: useId(), clipboard: useId() };
  const [draft, setDraft] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const chat = useSessionStore((state) => state.chat[view.requestId]) ?? [];
  const allTransfers = useSessionStore((state) => state.transfers);
  const clipboard = useSessionStore((state) => state.clipboard[view.requestId]) ?? { mine: false, partner: false };
  const transfers = Object.values(allTransfers).filter((transfer) => transfer.requestId === view.requestId);
  const live = view.state === 'active';

  return (
    <aside className="session-panel">
      <section aria-labelledby={`${ids.chat}-h`}>
        <h2 id={`${ids.chat}-h`}>{t('session.chat')}</h2>
        <ol className="chat-log" aria-live="polite" data-testid="chat-log">
          {chat.length === 0 && <li className="hint">{t('session.chatEmpty')}</li>}
          {chat.map((entry) => (
            <li key={entry.id} className={entry.from === 'me' ? 'mine' : 'theirs'}>
              <span className="chat-from">{entry.from === 'me' ? t('session.me') : partnerLabel(view.partner)}</span>
              <span>{entry.text}</span>
            </li>
          ))}
        </ol>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (draft.trim()) sessionActions.sendChat(view.requestId, draft.trim());
            setDraft('');
          }}
        >
          <label htmlFor={ids.chat} className="visually-hidden">
            {t('session.chatPlaceholder')}
          </label>
          <input
            id={ids.chat}
            value={draft}
            placeholder={t('session.chatPlaceholder')}
            maxLength={4000}
            disabled={!live}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" disabled={!live || !draft.trim()}>
            {t('session.chatSend')}
          </button>
        </form>
      </section>

      <section aria-labelledby={`${ids.file}-h`}>
        <h2 id={`${ids.file}-h`}>{t('session.files')}</h2>
        {/* A real button (focusable, announced as one) opens the system's file picker. */}
        <button type="button" className="secondary" disabled={!live} onClick={() => fileRef.current?.click()}>
          {t('session.sendFile')}
        </button>
        <input
          id={ids.file}
          ref={fileRef}
          type="file"
          hidden
          tabIndex={-1}
          aria-hidden="true"
          disabled={!live}
          onChange={(event) => {
            for (const file of event.target.files ?? []) void sessionActions.sendFile(view.requestId, file);
            if (fileRef.current) fileRef.current.value = '';
          }}
        />
        <ul className="transfers" data-testid="transfers">
          {transfers.length === 0 && <li className="hint">{t('session.filesEmpty')}</li>}
          {transfers.map((transfer) => (
            <li key={transfer.id} data-state={transfer.state} data-direction={transfer.direction}>
              <span>
                {t('session.fileProgress', {
                  name: transfer.name,
                  percent: transfer.size ? Math.floor((transfer.bytes / transfer.size) * 100) : 100,
                })}{' '}
                · {t(`session.fileState.${transfer.state}`)}
              </span>
              <progress max={transfer.size || 1} value={transfer.bytes} aria-label={transfer.name} />
              {(transfer.state === 'sending' || transfer.state === 'receiving') && (
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => sessionActions.cancelTransfer(transfer)}
                >
                  {t('session.fileCancel', { name: transfer.name })}
                </button>
              )}
              {transfer.url && (
                <a href={transfer.url} download={transfer.name} className="button-like small">
                  {t('session.fileSave', { name: transfer.name })}
                </a>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby={`${ids.clipboard}-h`}>
        <h2 id={`${ids.clipboard}-h`} className="visually-hidden">
          {t('session.clipboard')}
        </h2>
        <label className="checkbox">
          <input
            id={ids.clipboard}
            type="checkbox"
            checked={clipboard.mine}
            disabled={!live}
            onChange={(event) => sessionActions.setClipboardSync(view.requestId, event.target.checked)}
          />
          {t('session.clipboard')}
        </label>
        {clipboard.mine && !clipboard.partner && <p className="hint">{t('session.clipboardWaiting')}</p>}
        {clipboard.mine && clipboard.partner && (
          <button
            type="button"
            className="secondary small"
            onClick={() => void sessionActions.sendClipboard(view.requestId)}
          >
            {t('session.clipboardSend')}
          </button>
        )}
      </section>
    </aside>
  );
}
