// @vitest-environment jsdom
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { VoiceAnalytics } from '../../contracts/analytics.js';
import type { VoiceSessionDetail } from '../../contracts/session.js';
import { ApiCallError } from '../../renderer/src/api/api-error.js';
import { MeContext, type CurrentAccount } from '../../renderer/src/app/me-context.js';
import { analyticsView, type AnalyticsFacts } from '../../renderer/src/session-detail/analytics-view.js';
import { invitationText } from '../../renderer/src/session-detail/invitation.js';
import { OverviewTab } from '../../renderer/src/session-detail/OverviewTab.js';
import { reportMarkdown } from '../../renderer/src/session-detail/report-export.js';
import { startProblem } from '../../renderer/src/session-detail/start-problem.js';
import { startSteps } from '../../renderer/src/session-detail/StartSteps.js';
import { MenuButton } from '../../renderer/src/ui/MenuButton.js';
import { button, click, mount, press, type Mounted } from './dom-harness.js';

const ORG = '6f1c1a55-8a34-4f5e-9a55-6a1e2f3b4c5d';
const ME = 'a3c0b1d2-0000-4000-8000-000000000001';
const session: VoiceSessionDetail = {
  id: 's-1', orgId: ORG, candidateName: 'Grace', candidateEmail: null, interviewType: 'technical', configId: null, configVersion: null,
  status: 'ready', dailyRoomUrl: 'https://acme.daily.co/voice-s-1', dailyRoomName: 'voice-s-1', dailyRoomToken: 'cand-token', ecsTaskArn: 'arn:task/1',
  sessionMetadata: { botRunner: 'ecs' }, startedAt: null, completedAt: null, durationSeconds: null, overallScore: null,
  createdAt: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-01T10:00:00.000Z', createdBy: ME, updatedBy: null,
  statusHistory: [{ from: null, to: 'pending', at: '2026-01-01T10:00:00.000Z', by: ME, reason: null }],
};
const account = (role: CurrentAccount['role'], userId = ME): CurrentAccount => ({
  me: { user: { id: userId, email: 'r@example.com', displayName: 'R' }, orgs: [], mode: 'local' },
  orgId: ORG,
  orgName: 'Org',
  role,
  reload: () => undefined,
});

function Overview({ who, detail }: { who: CurrentAccount; detail: VoiceSessionDetail }) {
  return createElement(MeContext.Provider, { value: who }, createElement(OverviewTab, { session: detail, onChanged: () => undefined, onReload: () => undefined }));
}

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const menuItems = (): string[] => [...document.querySelectorAll('[role="menuitem"]')].map((item) => item.textContent ?? '');

describe('a refused or failed start names what is missing and where to fix it', () => {
  it('sends a missing Daily key to Settings > Keys and the runner problems to Integrations', () => {
    expect(startProblem(new ApiCallError(409, 'NOT_CONFIGURED', 'No Daily API key for this organization: add one in Settings > Keys'))).toMatchObject({
      title: 'No Daily API key',
      settings: 'keys',
      sessionFailed: false,
    });
    expect(startProblem(new ApiCallError(409, 'NO_BOT_RUNNER', 'No bot runner configured: choose Local or ECS'))).toMatchObject({ title: 'No bot runner is chosen', settings: 'integrations' });
    expect(startProblem(new ApiCallError(409, 'NO_BOT_RUNNER', 'ECS settings are incomplete: set cluster'))).toMatchObject({ title: 'The ECS settings are incomplete', settings: 'integrations' });
    expect(startProblem(new ApiCallError(409, 'BOT_RUNNER_BUSY', '2 interview bot(s) already run on this machine (the limit is 2)'))).toMatchObject({
      title: "The local runner's limit is reached",
      detail: '2 interview bot(s) already run on this machine (the limit is 2)',
      sessionFailed: false,
    });
  });

  it('says when the server failed the session after the start began', () => {
    const problem = startProblem(new ApiCallError(502, 'PROVIDER_ERROR', 'Could not start the interview: Daily answered 500'));
    expect(problem.sessionFailed).toBe(true);
    expect(problem.fix).toContain('marked failed');
  });
});

describe('the start steps claim only what the server confirmed', () => {
  const states = (phase: Parameters<typeof startSteps>[0]['phase']) =>
    startSteps({ phase, runner: 'local', roomName: 'voice-1', botHandle: 'local:42' }).map((step) => [step.key, step.state]);

  it('shows the first step under way while the request is in flight, and nothing as done', () => {
    expect(states('starting')).toEqual([
      ['room', 'current'],
      ['bot', 'next'],
      ['candidate', 'next'],
    ]);
  });

  it('marks the room and bot done from the returned session, then the candidate when the bot reports active', () => {
    expect(states('ready')).toEqual([
      ['room', 'done'],
      ['bot', 'done'],
      ['candidate', 'current'],
    ]);
    expect(states('active').map(([, state]) => state)).toEqual(['done', 'done', 'done']);
    expect(startSteps({ phase: 'ready', runner: 'local', roomName: null, botHandle: null })[1]?.label).toBe('Dispatch the interview bot on this computer (local runner)');
  });
});

describe('the invitation', () => {
  it('carries the link and the interview length', () => {
    const text = invitationText({ candidateName: 'Grace', interviewType: 'technical', botName: 'Ada', maxDurationMinutes: 45, link: 'https://x.daily.co/r?t=abc' });
    expect(text).toContain('Hi Grace,');
    expect(text).toContain('up to 45 minutes');
    expect(text).toContain('Join here: https://x.daily.co/r?t=abc');
  });
});

describe('the Overview for a recruiter and for an admin', () => {
  it('gives a recruiter the link, Join as observer and Cancel, and no status moves', () => {
    mounted = mount(Overview, { who: account('org_user'), detail: session });
    expect((mounted.container.querySelector('[data-testid="candidate-link"]') as HTMLInputElement).value).toBe('https://acme.daily.co/voice-s-1?t=cand-token');
    expect(button(mounted.container, 'Copy link')).not.toBeNull();
    expect(button(mounted.container, 'Copy invitation')).not.toBeNull();
    expect(button(mounted.container, 'Join as observer')).not.toBeNull();
    expect(button(mounted.container, 'Cancel interview')).not.toBeNull();
    expect(button(mounted.container, 'Start interview')).toBeNull();
    // The creator may delete the session; status moves are not theirs to make.
    click(mounted.container.querySelector('[aria-haspopup="menu"]'));
    expect(menuItems()).toEqual(['Delete session']);
  });

  it('keeps the manual moves under More for an admin', () => {
    mounted = mount(Overview, { who: account('org_admin', 'someone-else'), detail: session });
    click(mounted.container.querySelector('[aria-haspopup="menu"]'));
    expect(menuItems()).toEqual(['Mark active', 'Mark cancelled', 'Delete session']);
  });

  it('has no link to copy once the room is gone', () => {
    for (const status of ['completed', 'failed', 'cancelled'] as const) {
      mounted = mount(Overview, { who: account('org_owner'), detail: { ...session, status } });
      expect(button(mounted.container, 'Copy link')).toBeNull();
      expect(mounted.container.querySelector('[data-testid="candidate-link"]')).toBeNull();
      expect(button(mounted.container, 'Cancel interview')).toBeNull();
      mounted.unmount();
      mounted = null;
    }
  });

  it('says why a session failed, from the start error the server recorded', () => {
    mounted = mount(Overview, { who: account('org_user'), detail: { ...session, status: 'failed', sessionMetadata: { startError: 'Daily answered 500' } } });
    expect(mounted.container.querySelector('[data-testid="failure-reason"]')?.textContent).toContain('The interview failed: Daily answered 500');
  });
});

describe('the More menu works from the keyboard', () => {
  it('opens on the first item, moves with the arrows, and gives focus back on Escape', () => {
    const chosen: string[] = [];
    const items = ['One', 'Two', 'Three'].map((label) => ({ key: label, label, onSelect: () => chosen.push(label) }));
    mounted = mount(MenuButton, { label: 'More', items });
    const trigger = mounted.container.querySelector('[aria-haspopup="menu"]');
    press(trigger, 'ArrowDown');
    expect(trigger?.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement?.textContent).toBe('One');
    press(document.activeElement, 'ArrowUp');
    expect(document.activeElement?.textContent).toBe('Three');
    press(document.activeElement, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe('One');
    press(document.activeElement, 'Escape');
    expect(document.activeElement).toBe(trigger);
    expect(mounted.container.querySelector('[role="menu"]')).toBeNull();
    click(trigger);
    click(button(mounted.container, 'Two'));
    expect(chosen).toEqual(['Two']);
  });
});

describe('the analysis state', () => {
  const base: AnalyticsFacts = { status: 'completed', analyticsUpdatedAt: null, job: null, generatingHere: false, requestError: null, now: Date.parse('2026-01-01T10:05:00.000Z') };

  it('shows a recorded failure with its reason, never as "no analytics yet"', () => {
    expect(analyticsView({ ...base, job: { status: 'failed', at: '2026-01-01T10:00:00.000Z', error: 'No OpenAI API key for this organization' } })).toEqual({
      kind: 'failed',
      reason: 'No OpenAI API key for this organization',
      at: '2026-01-01T10:00:00.000Z',
    });
    expect(analyticsView(base)).toEqual({ kind: 'waiting', completed: true });
  });

  it('shows a run in progress, and one that never finished as interrupted', () => {
    expect(analyticsView({ ...base, job: { status: 'running', at: '2026-01-01T10:04:00.000Z' } }).kind).toBe('generating');
    expect(analyticsView({ ...base, job: { status: 'running', at: '2026-01-01T09:00:00.000Z' } })).toMatchObject({ kind: 'failed', reason: 'The analysis was interrupted before it finished' });
  });

  it('warns about a failed regeneration only when it is newer than the stored scorecard', () => {
    const failed = { status: 'failed' as const, at: '2026-01-01T10:00:00.000Z', error: 'OpenAI is rate-limiting requests (429)' };
    expect(analyticsView({ ...base, job: failed, analyticsUpdatedAt: '2026-01-01T10:01:00.000Z' })).toEqual({ kind: 'done', lastRunFailed: null });
    expect(analyticsView({ ...base, job: failed, analyticsUpdatedAt: '2026-01-01T09:00:00.000Z' })).toEqual({ kind: 'done', lastRunFailed: 'OpenAI is rate-limiting requests (429)' });
  });
});

describe('the report', () => {
  it('puts the scorecard, the question coverage and the transcript in one Markdown file', () => {
    const analytics: VoiceAnalytics = {
      id: 'a', orgId: ORG, sessionId: 's-1', transcriptId: 't', createdAt: '2026-01-01T11:00:00.000Z', updatedAt: '2026-01-01T11:00:00.000Z', createdBy: ME,
      overallScore: 81, categoryScores: { system_design: { score: 81, weight: 1, feedback: 'Sound *layering*' } },
      strengths: ['Clear'], weaknesses: [], recommendations: [], keyMoments: [],
      detailedAnalysis: {
        summary: 'Strong design answers.',
        questionCoverage: [{ questionId: 'q1', text: 'Design a cache', status: 'partially_answered', evidence: [{ quote: 'LRU first', timestamp: 65 }] }],
        criterionEvidence: { system_design: [{ quote: 'LRU first', timestamp: 65 }] },
      },
      modelUsed: 'gpt-4o', processingTimeMs: 900,
    };
    const text = reportMarkdown({
      session,
      analytics,
      transcript: { id: 't', wordCount: 3, createdAt: '2026-01-01T11:00:00.000Z', speakerSegments: [{ seq: 0, speaker: 'candidate', text: 'LRU first, then TTLs', startTime: 65, endTime: 70, confidence: 0.9 }] },
      questions: [{ id: 'q1', text: 'Design a cache' }, { id: 'q2', text: 'Tell me about a conflict' }],
    });
    expect(text).toContain('## Summary\n\nStrong design answers.');
    expect(text).toContain('| System design | 100% | 81 |');
    expect(text).toContain('- **System design:** Sound \\*layering\\*\n  - [01:05] “LRU first”');
    expect(text).toContain('- **Partly answered:** Design a cache');
    expect(text).toContain('- **Not recorded:** Tell me about a conflict');
    expect(text).toContain('**[01:05] Candidate:** LRU first, then TTLs');
  });
});
