import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';

/**
 * A modal dialog: labelled by its title, focus moved into it when it opens and back to where it was
 * (or to the section's heading, when that is gone) when it closes; Escape cancels.
 */
export function Dialog({
  title,
  description,
  onClose,
  children,
  alert = false,
}: {
  title: string;
  description?: string;
  onClose(): void;
  children: React.ReactNode;
  /** A confirmation of something that cannot be undone. */
  alert?: boolean;
}): React.JSX.Element {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    // The safe choice first, where the dialog names one (React's autoFocus runs before showModal).
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      const back = before?.isConnected ? before : document.getElementById('admin-section-title');
      back?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      role={alert ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {description && <p id={`${id}-description`}>{description}</p>}
      {children}
    </dialog>
  );
}

/**
 * Asks before removing; a refusal (e.g. a role still held) is shown in the dialog in the
 * catalogue's words, and the dialog stays until cancelled.
 */
export function ConfirmRemove({
  title,
  description,
  confirm,
  onConfirm,
  onClose,
}: {
  title: string;
  description: string;
  /** The confirming button's text, naming what goes ("Remove the policy Office PCs"). */
  confirm: string;
  onConfirm(): Promise<void>;
  onClose(): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const remove = useAction(async () => {
    await onConfirm();
    onClose();
  });
  return (
    <Dialog title={title} description={description} onClose={onClose} alert>
      <ErrorText message={remove.error} />
      <div className="modal-actions">
        <button type="button" className="danger" disabled={remove.busy} onClick={() => void remove.run()}>
          {confirm}
        </button>
        <button type="button" className="secondary" data-autofocus onClick={onClose}>
          {t('admin.userAdmin.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
