import type { ApiCallError } from '../api/api-error.js';

/** An error in place of content that failed to load, with a way to try again. */
export function ErrorPanel({ error, onRetry }: { error: ApiCallError; onRetry?: () => void }) {
  return (
    <div className="error-panel" role="alert">
      <p>{error.message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
