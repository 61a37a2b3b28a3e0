import { createSessionBody } from '../../../contracts/session.js';
import { zodIssues, type FieldIssues } from '../validation/field-issues.js';

export interface NewSessionDraft {
  candidateName: string;
  candidateEmail: string;
  interviewType: string;
  configId: string;
}

export const emptyNewSession: NewSessionDraft = { candidateName: '', candidateEmail: '', interviewType: '', configId: '' };

/** The request body for a draft: empty fields are left out, as the API treats them as "not given". */
export function newSessionBody(orgId: string, draft: NewSessionDraft): Record<string, string> {
  const body: Record<string, string> = { orgId };
  for (const key of ['candidateName', 'candidateEmail', 'interviewType', 'configId'] as const) {
    const value = draft[key].trim();
    if (value) body[key] = value;
  }
  return body;
}

/**
 * Validates with the server's own schema (createSessionBody), plus the one rule the route adds:
 * without a config, the interview type is required.
 */
export function validateNewSession(orgId: string, draft: NewSessionDraft): FieldIssues {
  const parsed = createSessionBody.safeParse(newSessionBody(orgId, draft));
  const issues: Record<string, string> = parsed.success ? {} : { ...zodIssues(parsed.error) };
  if (!draft.configId && !draft.interviewType.trim()) issues.interviewType ??= 'required when no config is chosen';
  return issues;
}
