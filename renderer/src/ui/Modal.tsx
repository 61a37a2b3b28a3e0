import { useEffect, useRef, type ReactNode } from 'react';

interface ModalProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Labels the dialog for tests and assistive technology beyond its title. */
  className?: string;
}

// What a dialog's user wants to act on first: a field, else a control of the body; never the header's ×.
const FIRST_FIELD = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';
const FIRST_CONTROL = 'button:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

/** The element a dialog opens on: one marked `data-autofocus`, else the first field, else the first control. */
export function initialFocusTarget(body: HTMLElement): HTMLElement | null {
  return body.querySelector<HTMLElement>('[data-autofocus]') ?? body.querySelector<HTMLElement>(FIRST_FIELD) ?? body.querySelector<HTMLElement>(FIRST_CONTROL);
}

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes it, and the page behind
 * is inert. It is open for as long as it is rendered. It opens on its first field: showModal()
 * alone would focus the first focusable element, the close button (React's autoFocus cannot help,
 * it runs while the dialog is still closed and unfocusable).
 */
export function Modal({ title, onClose, children, className }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const titleId = useRef(`modal-${Math.random().toString(36).slice(2)}`).current;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal?.();
    const target = body.current ? initialFocusTarget(body.current) : null;
    target?.focus();
    return () => opener?.focus();
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <div ref={body} className="modal-body">
        {children}
      </div>
    </dialog>
  );
}
