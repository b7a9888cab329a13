import { useEffect, useId, useRef, useState } from 'react';
import { pageError, type PageError } from './api';
import { joinWithCode, usePageStore } from './pageStore';
import { useErrorText, useTexts } from './texts';

/** The code from a link (`/v/<code>`), taken once and then dropped from the address bar. */
function codeFromLink(): string {
  const match = /^\/v\/([^/]+)$/.exec(location.pathname);
  if (!match) return '';
  history.replaceState(null, '', '/v/');
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return '';
  }
}

const linkCode = codeFromLink();

/** Enter the device code (or come with a link carrying it): the code user's token for this tab. */
export function JoinScreen() {
  const t = useTexts();
  const errorText = useErrorText();
  const signedOut = usePageStore((state) => state.signedOut);
  const [code, setCode] = useState(linkCode);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PageError | null>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const tried = useRef(false);

  const submit = async (typed: string) => {
    setBusy(true);
    setError(null);
    try {
      await joinWithCode(typed);
    } catch (failure) {
      setError(pageError(failure));
      setBusy(false);
    }
  };

  useEffect(() => {
    if (linkCode && !tried.current) {
      tried.current = true;
      void submit(linkCode);
    }
  }, []);

  return (
    <main className="vp-card" aria-labelledby="vp-join-heading">
      <h1 id="vp-join-heading">{t.join.heading}</h1>
      {signedOut && (
        <p className="vp-notice" role="status">
          {t.call.signedOut}
        </p>
      )}
      <p>{t.join.intro}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(code);
        }}
      >
        <label htmlFor={inputId}>{t.join.code}</label>
        <input
          id={inputId}
          className="vp-code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={40}
          required
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
        />
        <p id={hintId} className="vp-hint">
          {t.join.codeHint}
        </p>
        {error && (
          <p id={errorId} className="vp-error" role="alert">
            {errorText(error)}
          </p>
        )}
        <button type="submit" className="vp-primary" disabled={busy || code.trim() === ''}>
          {busy ? t.join.checking : t.join.submit}
        </button>
      </form>
    </main>
  );
}
