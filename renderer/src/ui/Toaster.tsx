import { useSyncExternalStore } from 'react';
import { dismissToast, subscribeToasts, toastSnapshot } from './toast-store.js';

export function Toaster() {
  const toasts = useSyncExternalStore(subscribeToasts, toastSnapshot);
  return (
    <div className="toaster" role="region" aria-label="Notifications">
      <div role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : undefined}>
            <span>{toast.message}</span>
            <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismissToast(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
