export interface Rebased<T> {
  value: T;
  /** Whether anything in `mine` differed from `before`. */
  edited: boolean;
}

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Moves a form's edits onto a newer copy of what the form was loaded from (a refetch that lands
 * while someone types, a reconnect, the screen's own save of another field): each value the author
 * changed from `before` is kept, every other one takes `after`'s. Objects are merged key by key,
 * arrays and scalars are taken whole. Keys come in `after`'s order, because forms compare their
 * JSON as text to know whether anything is left to save.
 */
export function rebaseEdits<T>(mine: T, before: T, after: T): Rebased<T> {
  if (isPlain(mine) && isPlain(before) && isPlain(after)) {
    let edited = false;
    const merged: Plain = {};
    for (const key of new Set([...Object.keys(after), ...Object.keys(mine)])) {
      const part = rebaseEdits(mine[key], before[key], after[key]);
      edited ||= part.edited;
      if (part.value !== undefined) merged[key] = part.value;
    }
    return { value: merged as T, edited };
  }
  if (same(mine, before)) return { value: after, edited: false };
  return { value: mine, edited: true };
}
