import type { ErrorCode, FieldIssue } from '../../contracts/api-envelope.js';

/**
 * A refusal by the layers below HTTP (domain rules, the keychain, team sync): what was refused, as a
 * contract error code with a message and details, and nothing about transport. `http/` maps the
 * code to a status in one table (server/http/domain-failure.ts), so a rule never picks a status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { issues?: FieldIssue[]; [key: string]: unknown },
  ) {
    super(message);
  }
}

export const notFoundError = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);
