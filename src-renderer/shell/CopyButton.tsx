import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies `value` to the clipboard and says whether it worked (the button's text is its accessible name). */
export function CopyButton({ value, label }: { value: string; label: string }): React.JSX.Element {
  const { t } = useTranslation();
  const [note, setNote] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setNote(t('host.copied'));
    } catch {
      setNote(t('host.copyFailed'));
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void copy()}>
        {label}
      </button>
      <span className="note" role="status">
        {note}
      </span>
    </>
  );
}
