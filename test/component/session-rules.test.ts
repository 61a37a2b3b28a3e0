import { describe, expect, it } from 'vitest';
import type { VoiceSession } from '../../contracts/session.js';
import type { CurrentAccount } from '../../renderer/src/app/me-context.js';
import { candidateJoinLink, mayDelete, mayShareJoinLink, statusActions } from '../../renderer/src/session-detail/session-actions.js';
import { newSessionBody, validateNewSession } from '../../renderer/src/sessions/new-session-form.js';
import { filtersToSearch, readFilters } from '../../renderer/src/sessions/session-filters.js';
import { parseRoute } from '../../renderer/src/app/routes.js';

const ORG = '6f1c1a55-8a34-4f5e-9a55-6a1e2f3b4c5d';
const CONFIG = '0b7c3f0e-2d4b-4f8e-8f44-2a8f3e5b9c10';
const base: VoiceSession = {
  id: 's', orgId: ORG, candidateName: 'Ada', candidateEmail: null, interviewType: 'technical', configId: null, configVersion: null,
  status: 'pending', dailyRoomUrl: null, dailyRoomName: null, ecsTaskArn: null, sessionMetadata: {}, startedAt: null, completedAt: null,
  durationSeconds: null, overallScore: null, createdAt: '', updatedAt: '', createdBy: 'me', updatedBy: null,
};
const account = (role: CurrentAccount['role'], userId = 'me'): CurrentAccount => ({
  me: { user: { id: userId, email: 'a@b.c', displayName: 'A' }, orgs: [], mode: 'local' },
  orgId: ORG,
  orgName: 'Org',
  role,
  reload: () => undefined,
});

describe('session actions follow the state machine', () => {
  it('offers only the allowed manual moves, each confirmed, the endings as dangerous where they are', () => {
    expect(statusActions('pending').map((action) => [action.to, action.confirm.danger])).toEqual([
      ['ready', false],
      ['failed', true],
      ['cancelled', true],
    ]);
    expect(statusActions('ready').map((action) => action.label)).toEqual(['Mark active', 'Mark cancelled']);
    expect(statusActions('active').map((action) => action.to)).toEqual(['completed', 'failed', 'cancelled']);
    expect(statusActions('completed')).toEqual([]);
  });

  it('lets the creator or an admin delete a session that is not live', () => {
    expect(mayDelete(base, account('org_user'))).toBe(true);
    expect(mayDelete(base, account('org_user', 'someone-else'))).toBe(false);
    expect(mayDelete(base, account('org_admin', 'someone-else'))).toBe(true);
    expect(mayDelete({ ...base, status: 'active' }, account('org_owner'))).toBe(false);
  });

  it('builds the join link only where the server revealed the token', () => {
    expect(mayShareJoinLink(base)).toBe(false);
    const revealed = { ...base, dailyRoomUrl: 'https://acme.daily.co/room', dailyRoomToken: 'tok en' };
    expect(mayShareJoinLink(revealed)).toBe(true);
    expect(candidateJoinLink(revealed)).toBe('https://acme.daily.co/room?t=tok%20en');
    expect(candidateJoinLink({ ...base, dailyRoomToken: null })).toBeNull();
  });
});

describe('new session validation uses the server schema', () => {
  const draft = { candidateName: 'Grace', candidateEmail: 'grace@example.com', interviewType: '', configId: CONFIG };
  it('accepts a draft with a config and leaves empty fields out of the body', () => {
    expect(validateNewSession(ORG, draft)).toEqual({});
    expect(newSessionBody(ORG, draft)).toEqual({ orgId: ORG, candidateName: 'Grace', candidateEmail: 'grace@example.com', configId: CONFIG });
  });
  it('names bad fields', () => {
    expect(validateNewSession(ORG, { ...draft, candidateEmail: 'not-an-email' })).toEqual({ candidateEmail: 'must be a valid email address' });
    expect(validateNewSession(ORG, { ...draft, configId: '' })).toEqual({ interviewType: 'required when no config is chosen' });
    expect(Object.keys(validateNewSession(ORG, { ...draft, candidateName: 'x'.repeat(300) }))).toEqual(['candidateName']);
  });
});

describe('addresses', () => {
  it('round-trips the sessions filters through the query string', () => {
    const filters = readFilters(new URLSearchParams('status=active&type=technical&q=ada&from=2026-01-01&sort=candidateName&order=asc'));
    expect(filters).toMatchObject({ status: 'active', interviewType: 'technical', candidate: 'ada', from: '2026-01-01', sortBy: 'candidateName', sortOrder: 'asc' });
    expect(readFilters(new URLSearchParams(filtersToSearch(filters).slice(1)))).toEqual(filters);
    expect(readFilters(new URLSearchParams('status=bogus&sort=drop table')).status).toBe('all');
  });
  it('maps paths to screens', () => {
    expect(parseRoute('/')).toEqual({ screen: 'sessions' });
    expect(parseRoute('/sessions/abc/live')).toEqual({ screen: 'session', id: 'abc', tab: 'live' });
    expect(parseRoute('/sessions/abc')).toEqual({ screen: 'session', id: 'abc', tab: 'overview' });
    expect(parseRoute('/sessions/abc/nope')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/configs/new')).toEqual({ screen: 'config', id: null });
  });
});
