/**
 * A modal dialog: opens on mount, traps focus (the browser's `showModal`), closes on Escape
 * or its close button and then tells the owner, which unmounts it. An owner may also unmount
 * it directly (after a successful submit); closing it first hands focus back to the page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { errorText } from '../errors.ts';
import { t } from '../i18n/index.ts';

export interface ModalProps {
  /** Prefix of the element ids, unique on the page. */
  id: string;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}

export function Modal({ id, title, onClose, children }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current!;
    element.showModal();
    return () => {
      if (element.open) element.close();
    };
  }, []);
  return (
    <dialog ref={dialog} id={id} aria-labelledby={`${id}-title`} onClose={onClose}>
      <article>
        <header>
          <button type="button" class="close" aria-label={t('common.close')} onClick={() => dialog.current?.close()} />
          <h2 id={`${id}-title`}>{title}</h2>
        </header>
        {children}
      </article>
    </dialog>
  );
}

/** An error from the last submit, announced at once. */
export function FormError({ error }: { error: unknown }) {
  return error === null ? null : (
    <p role="alert" class="error">
      {errorText(error)}
    </p>
  );
}

/** The error of the last submit, then Cancel and the submit button, at the foot of a dialog form. */
export function DialogFooter({ error, busy, disabled, submitLabel, onCancel }: { error: unknown; busy: boolean; disabled?: boolean; submitLabel: string; onCancel: () => void }) {
  return (
    <>
      <FormError error={error} />
      <div class="dialog-buttons">
        <button type="button" class="secondary outline" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" aria-busy={busy} disabled={busy || disabled}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
