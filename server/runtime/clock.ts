/** The one way the server reads the time: ISO-8601 UTC with milliseconds, sortable as text. */
export function nowIso(): string {
  return new Date().toISOString();
}
