import { useState } from 'react';
import { Modal } from './Modal.js';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  /** The safe choice; "Keep it" unless the question calls for other words. */
  cancelLabel?: string;
  danger?: boolean;
  onConfirm(): Promise<void> | void;
  onClose(): void;
}

/** Asks before an action that cannot be undone; the safe choice has focus first. */
export function ConfirmDialog({ title, message, confirmLabel, cancelLabel = 'Keep it', danger, onConfirm, onClose }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose} className="confirm">
      <p>{message}</p>
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={onClose} disabled={busy}>
          {cancelLabel}
        </button>
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={() => void confirm()} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
