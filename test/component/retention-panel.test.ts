// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RetentionPolicy, RetentionPreview, RetentionRun } from '../../contracts/candidate-rights.js';
import { RetentionPanel } from '../../renderer/src/settings/RetentionPanel.js';
import { button, click, mount, settle, type Mounted } from './dom-harness.js';

// Settings > Retention says where the policy lives (shared with the team, this computer, or the
// saved copy while the team project cannot be reached) and who changed it last; a policy not
// previewed at its current days offers "Preview" and keeps "Run now" off until it is.
const ORG = '0c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.unstubAllGlobals();
});

function policy(overrides: Partial<RetentionPolicy>): RetentionPolicy {
  return {
    orgId: ORG,
    days: 30,
    updatedAt: '2026-05-01T10:00:00.000Z',
    updatedBy: 'u-alice',
    updatedByEmail: 'alice@example.com',
    previewedDays: 30,
    previewedAt: '2026-05-01T09:59:00.000Z',
    lastRunAt: null,
    source: 'team',
    copiedAt: '2026-05-02T08:00:00.000Z',
    ...overrides,
  };
}

/** The server as the panel sees it: the policy; a preview records itself as the server does. */
function stubServer(initial: RetentionPolicy): { calls: string[] } {
  let current = initial;
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push(`${method} ${path.split('?')[0] ?? path}`);
    let data: unknown = null;
    if (method === 'GET' && path.startsWith('/api/rights/retention/preview?')) {
      const days = Number(new URLSearchParams(path.split('?')[1]).get('days'));
      current = { ...current, previewedDays: days, previewedAt: '2026-05-03T10:00:00.000Z' };
      const preview: RetentionPreview = { orgId: ORG, days, cutoff: '2026-04-01T00:00:00.000Z', counts: { sessions: 2, transcripts: 2, liveSegments: 4, analytics: 1, archiveObjects: 0 }, source: 'team' };
      data = preview;
    } else if (method === 'GET' && path.startsWith('/api/rights/retention?')) {
      data = { policy: current, lastRun: null };
    } else if (method === 'POST' && path === '/api/rights/retention/run') {
      const run: RetentionRun = {
        orgId: ORG,
        days: current.days ?? 0,
        cutoff: '2026-04-01T00:00:00.000Z',
        ranAt: '2026-05-03T10:01:00.000Z',
        stores: {
          local: { state: 'done', counts: { sessions: 2, transcripts: 2, liveSegments: 4, analytics: 1, archiveObjects: 0 }, lastError: null, doneAt: '2026-05-03T10:01:00.000Z' },
          team: { state: 'done', counts: { sessions: 2, transcripts: 2, liveSegments: 4, analytics: 1, archiveObjects: 0 }, lastError: null, doneAt: '2026-05-03T10:01:00.000Z' },
          archive: { state: 'not_applicable', counts: null, lastError: null, doneAt: null },
        },
      };
      data = run;
    }
    const body = data === null ? { success: false, error: { code: 'NOT_FOUND', message: 'no route' } } : { success: true, data };
    return new Response(JSON.stringify(body), { status: data === null ? 404 : 200, headers: { 'content-type': 'application/json' } });
  });
  return { calls };
}

function home(container: HTMLElement): HTMLElement {
  const found = container.querySelector<HTMLElement>('[data-testid="retention-home"]');
  if (!found) throw new Error('no policy home line');
  return found;
}

describe('Settings > Retention: where the policy lives', () => {
  it('a team org: shared with the team, and who changed it last', async () => {
    stubServer(policy({}));
    mounted = mount(RetentionPanel, { orgId: ORG });
    await settle();
    const text = home(mounted.container).textContent ?? '';
    expect(text).toContain('Shared with your team');
    expect(text).toContain('by alice@example.com');
    expect(button(mounted.container, 'Run now')?.disabled).toBe(false);
  });

  it('an org that does not sync: this computer', async () => {
    stubServer(policy({ source: 'local', copiedAt: null }));
    mounted = mount(RetentionPanel, { orgId: ORG });
    await settle();
    expect(home(mounted.container).textContent).toContain('Saved on this computer');
  });

  it('the project unreachable: the saved copy, with when it was saved, and no changes offered', async () => {
    stubServer(policy({ source: 'saved-copy' }));
    mounted = mount(RetentionPanel, { orgId: ORG });
    await settle();
    const line = home(mounted.container);
    expect(line.dataset.source).toBe('saved-copy');
    expect(line.textContent).toMatch(/saved copy of your team’s policy from .*2026/);
    expect(mounted.container.querySelector<HTMLSelectElement>('select[aria-label="Keep interview content"]')?.disabled).toBe(true);
  });
});

describe('Settings > Retention: preview before the run', () => {
  it('a policy not previewed at its days (changed on another desktop): Preview first, then Run now', async () => {
    const server = stubServer(policy({ days: 90, previewedDays: 30, updatedByEmail: 'bob@example.com' }));
    mounted = mount(RetentionPanel, { orgId: ORG });
    await settle();
    expect(home(mounted.container).textContent).toContain('Not previewed at 90 days yet');
    expect(button(mounted.container, 'Run now')?.disabled).toBe(true);

    click(button(mounted.container, 'Preview what would be deleted'));
    await settle();
    await settle();
    expect(mounted.container.querySelector('[data-testid="retention-preview"]')?.textContent).toMatch(/Running now deletes .*2 session\(s\)/);
    expect(button(mounted.container, 'Preview what would be deleted')).toBeNull();
    click(button(mounted.container, 'Run now'));
    await settle();
    expect(server.calls).toEqual(['GET /api/rights/retention', 'GET /api/rights/retention/preview', 'GET /api/rights/retention', 'POST /api/rights/retention/run']);
    expect(mounted.container.querySelector('[data-testid="retention-last-run"]')?.textContent).toContain('Last run');
  });
});
