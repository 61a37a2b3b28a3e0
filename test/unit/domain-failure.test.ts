import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../contracts/api-envelope.js';
import { DomainError } from '../../server/domain/domain-error.js';
import { assertTransition } from '../../server/domain/session-lifecycle.js';
import { ApiFailure } from '../../server/http/api-failure.js';
import { failureOf, HTTP_STATUS } from '../../server/http/domain-failure.js';

describe('domain errors become HTTP replies in one place', () => {
  it('a refused transition is a status-free DomainError, answered 409 with its details', () => {
    let thrown: unknown;
    try {
      assertTransition('completed', 'active');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).not.toBeInstanceOf(ApiFailure);
    expect(thrown).not.toHaveProperty('status');
    const failure = failureOf(thrown);
    expect(failure?.status).toBe(409);
    expect(failure?.code).toBe('INVALID_TRANSITION');
    expect(failure?.details).toMatchObject({ from: 'completed', to: 'active', allowed: [] });
  });

  it('the codes lower layers throw have their statuses, and an ApiFailure keeps its own', () => {
    const thrownBelowHttp = ['VALIDATION_ERROR', 'NOT_FOUND', 'INVALID_TRANSITION', 'NAME_TAKEN', 'TEAM_REFUSED', 'TEAM_UNREACHABLE', 'KEYCHAIN_UNAVAILABLE', 'PROVIDER_ERROR'] as const;
    expect(thrownBelowHttp.map((code) => HTTP_STATUS[code])).toEqual([400, 404, 409, 409, 409, 503, 503, 502]);
    expect(errorCodes.filter((code) => HTTP_STATUS[code] !== undefined).length).toBeGreaterThanOrEqual(23);
    expect(failureOf(new DomainError('TEAM_UNREACHABLE', 'down'))?.status).toBe(503);
    expect(failureOf(new DomainError('KEYCHAIN_UNAVAILABLE', 'locked'))?.status).toBe(503);
    const own = new ApiFailure(418, 'VALIDATION_ERROR', 'odd');
    expect(failureOf(own)).toBe(own);
    expect(failureOf(new Error('a bug'))).toBeNull();
  });
});
