import type { z } from 'zod';
import type { FieldIssue } from '../../contracts/api-envelope.js';
import { ApiFailure } from './api-failure.js';

function issuesOf(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    if (keys.length > 0) {
      return { field: [path, keys[0]].filter(Boolean).join('.'), message: `unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}` };
    }
    return { field: path || prefix || '(body)', message: issue.message };
  });
}

/**
 * Parses input with a contracts schema, or fails with 400 naming each offending field,
 * e.g. `limit: Too big: expected number to be <=1000`.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesOf(result.error, prefix);
  const summary = issues
    .slice(0, 3)
    .map((issue) => `${issue.field}: ${issue.message}`)
    .join('; ');
  throw new ApiFailure(400, 'VALIDATION_ERROR', `Invalid request: ${summary}`, { issues });
}

/**
 * Query strings arrive as text; repeated keys are refused rather than silently picking one. Keys
 * are gathered in a Map and become own properties (Object.fromEntries), so `__proto__` or
 * `constructor` is an ordinary unknown key, not an inherited one "given more than once".
 */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of params) {
    if (out.has(key)) {
      throw new ApiFailure(400, 'VALIDATION_ERROR', `Invalid request: ${key}: given more than once`, {
        issues: [{ field: key, message: 'given more than once' }],
      });
    }
    out.set(key, value);
  }
  return Object.fromEntries(out);
}
