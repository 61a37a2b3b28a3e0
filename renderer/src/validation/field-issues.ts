import type { z } from 'zod';
import type { FieldIssue } from '../../../contracts/api-envelope.js';

/** Validation messages by dotted field path (`interview.questions.0.text`), first message per field. */
export type FieldIssues = Readonly<Record<string, string>>;

export function zodIssues(error: z.ZodError): FieldIssues {
  const issues: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    issues[key] ??= issue.message;
  }
  return issues;
}

/** The server's issues, with a leading path segment removed (`configJson.` when the form holds configJson only). */
export function serverIssues(list: readonly FieldIssue[], stripPrefix = ''): FieldIssues {
  const issues: Record<string, string> = {};
  for (const issue of list) {
    const key = stripPrefix && issue.field.startsWith(stripPrefix) ? issue.field.slice(stripPrefix.length) : issue.field;
    issues[key] ??= issue.message;
  }
  return issues;
}

/** Messages at `path` or below it, for a section summary. */
export function issuesUnder(issues: FieldIssues, path: string): string[] {
  return Object.entries(issues)
    .filter(([key]) => key === path || key.startsWith(`${path}.`))
    .map(([, message]) => message);
}
