/** JSON columns are TEXT in SQLite; these keep the parse/serialise in one place. */
export function readJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  return JSON.parse(text) as T;
}

export function writeJson(value: unknown): string {
  return JSON.stringify(value);
}
