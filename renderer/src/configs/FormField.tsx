import type { ReactNode } from 'react';
import { FieldError } from '../ui/FieldError.js';

/** The ids that tie an input to its error message. */
export function fieldIds(path: string): { id: string; errorId: string } {
  const id = `field-${path.replace(/[^\w-]/g, '-')}`;
  return { id, errorId: `${id}-error` };
}

interface Props {
  path: string;
  label: string;
  error: string | undefined;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
  className?: string;
}

/** A label, an input (rendered by the caller) and its inline error. */
export function FormField({ path, label, error, hint, children, className }: Props) {
  const { id, errorId } = fieldIds(path);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy: error ? errorId : undefined, invalid: Boolean(error) })}
      {hint && <span className="hint">{hint}</span>}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

/** An <input type=number> value: empty while the field is blank (NaN in the draft). */
export function numberValue(value: number): string | number {
  return Number.isFinite(value) ? value : '';
}

export function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
