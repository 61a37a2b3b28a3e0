/** Results and errors shown briefly in a corner; errors carry the server's message. */
export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: string;
}

const SHOW_MS = { success: 3000, info: 4000, error: 7000 } as const;
let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(next: readonly Toast[]): void {
  toasts = next;
  for (const listener of listeners) listener();
}

export function dismissToast(id: number): void {
  emit(toasts.filter((toast) => toast.id !== id));
}

function show(kind: Toast['kind'], message: string): void {
  const id = nextId++;
  emit([...toasts.slice(-2), { id, kind, message }]);
  setTimeout(() => dismissToast(id), SHOW_MS[kind]);
}

export const toast = {
  success: (message: string) => show('success', message),
  error: (message: string) => show('error', message),
  info: (message: string) => show('info', message),
};

export function toastSnapshot(): readonly Toast[] {
  return toasts;
}

export function subscribeToasts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
