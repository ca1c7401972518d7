'use client';

import { useEffect, useId, useRef } from 'react';

interface Props {
  title: string;
  text: string;
  /** The safe choice: it has the focus first, so Enter on an unexpected dialog changes nothing. */
  keepLabel: string;
  /** The danger button's label, and what it says while `busy`. */
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  /** The title's heading level where the dialog opens (h2 on a page, h4 inside a section). */
  heading: 'h2' | 'h4';
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before a step that cannot be undone: the browser's modal dialog (focus kept inside, Escape closes it). */
export function ConfirmDialog({ title, text, keepLabel, confirmLabel, busyLabel, busy, heading: Heading, onConfirm, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement | null>(null);
  const keep = useRef<HTMLButtonElement | null>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    keep.current?.focus();
    return () => element.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        // Escape: closed by the dialog's owner (which puts the focus back), not by the browser behind its back.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <Heading id={`${id}-title`} className="confirm-dialog__title">
        {title}
      </Heading>
      <p id={`${id}-text`}>{text}</p>
      <div className="confirm-dialog__actions">
        <button ref={keep} type="button" className="btn" disabled={busy} onClick={onClose}>
          {keepLabel}
        </button>
        <button type="button" className="btn btn--danger" disabled={busy} onClick={onConfirm}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
