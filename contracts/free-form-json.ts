import { z } from 'zod';

/**
 * Bounds for the free-form JSON fields clients may send (`sessionMetadata`, `configMetadata`, a
 * parked op's `fields`): deep nesting overflows `JSON.stringify` and recursive readers, and an
 * unbounded object fills the database. A field's depth counts its containers: `{}` is 1,
 * `{ "a": [] }` is 2, a plain value 0.
 */
export const FREE_FORM_MAX_DEPTH = 32;
export const FREE_FORM_MAX_BYTES = 64 * 1024;

/**
 * The first place where `value` nests deeper than `limit`: the path of keys leading there, or null.
 * Walks without recursion, so a value nested 100,000 levels is judged without a stack overflow.
 */
export function pathDeeperThan(value: unknown, limit: number): string[] | null {
  const stack: { value: unknown; depth: number; path: string[] }[] = [{ value, depth: 0, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; depth: number; path: string[] };
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > limit) return item.path;
    const entries = Array.isArray(item.value) ? item.value.map((v, i) => [String(i), v] as const) : Object.entries(item.value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth, path: [...item.path, key] });
    }
  }
  return null;
}

const encoder = new TextEncoder();

/** A free-form JSON object at most 32 levels deep and 64 KB as JSON; a 400 names the field. */
export function freeFormObject<V extends z.ZodType>(values: V, keys: z.ZodString = z.string(), maxBytes = FREE_FORM_MAX_BYTES) {
  return z.record(keys, values).superRefine((value, ctx) => {
    if (pathDeeperThan(value, FREE_FORM_MAX_DEPTH) !== null) {
      ctx.addIssue({ code: 'custom', message: `nested deeper than ${FREE_FORM_MAX_DEPTH} levels` });
      return;
    }
    const bytes = encoder.encode(JSON.stringify(value)).length;
    if (bytes > maxBytes) ctx.addIssue({ code: 'custom', message: `is ${bytes} bytes as JSON; at most ${maxBytes} are allowed` });
  });
}
