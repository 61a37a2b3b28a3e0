// @vitest-environment jsdom
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SpeakerSegment, TranscriptSummary } from '../../contracts/transcript.js';
import { MeContext } from '../../renderer/src/app/me-context.js';
import { navigate } from '../../renderer/src/app/navigation.js';
import { LiveTranscriptLog } from '../../renderer/src/session-detail/LiveTranscriptLog.js';
import { TranscriptViewer } from '../../renderer/src/session-detail/TranscriptViewer.js';
import { TranscriptsScreen } from '../../renderer/src/transcripts/TranscriptsScreen.js';
import { ownerAccount } from './accounts.js';
import { mount, settle, typeInto, type Mounted } from './dom-harness.js';
import { segment } from './live-segment.js';

// Right-to-left turns (Arabic, Hebrew) must render right to left inside a left-to-right console:
// every piece of spoken text carries dir="auto", so the browser takes its direction from the text.
const ORG = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const arabic = 'نحن نستخدم كوبرنيتس في الإنتاج منذ خمس سنوات';
const hebrew = 'עברנו לקוברנטיס לפני שנתיים';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.unstubAllGlobals();
});

const directions = (container: HTMLElement, selector: string): (string | null)[] => [...container.querySelectorAll(selector)].map((element) => element.getAttribute('dir'));

describe('spoken text direction', () => {
  it('each transcript turn, highlighted or not, and the search field are dir="auto"', () => {
    const segments: SpeakerSegment[] = [
      { seq: 0, speaker: 'bot', text: 'Tell me about Kubernetes.', startTime: 0, endTime: 2, confidence: 0.9 },
      { seq: 1, speaker: 'candidate', text: arabic, startTime: 3, endTime: 8, confidence: 0.9 },
      { seq: 2, speaker: 'candidate', text: hebrew, startTime: 9, endTime: 12, confidence: 0.9 },
    ];
    mounted = mount(TranscriptViewer, { segments });
    expect(directions(mounted.container, '.segment-text')).toEqual(['auto', 'auto', 'auto']);
    typeInto(mounted.container.querySelector('input[type="search"]'), 'كوبرنيتس');
    expect(mounted.container.querySelector('mark')?.closest('.segment-text')?.getAttribute('dir')).toBe('auto');
    expect(mounted.container.querySelector('input[type="search"]')?.getAttribute('dir')).toBe('auto');
  });

  it('live turns are dir="auto"', () => {
    mounted = mount(LiveTranscriptLog, { segments: [segment(0, 'bot', 'Welcome', true), segment(1, 'candidate', arabic, false)], live: true });
    expect(directions(mounted.container, '.segment-text')).toEqual(['auto', 'auto']);
  });

  it('search snippets are dir="auto"', async () => {
    const now = new Date().toISOString();
    const hit: TranscriptSummary = {
      id: crypto.randomUUID(),
      orgId: ORG,
      sessionId: crypto.randomUUID(),
      candidateName: 'ليلى',
      interviewType: 'technical',
      wordCount: 9,
      summary: null,
      transcriptS3Url: null,
      createdAt: now,
      updatedAt: now,
      rank: -1,
      snippet: { text: arabic, highlights: [[4, 12]] },
    };
    vi.stubGlobal('fetch', async (path: string) => {
      const body = path.startsWith('/api/voice/transcripts')
        ? { success: true, data: [hit], pagination: { total: 1, limit: 25, offset: 0, hasMore: false } }
        : { success: true, data: [] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    navigate(`/transcripts?q=${encodeURIComponent('نستخدم')}`);
    mounted = mount(() => createElement(MeContext.Provider, { value: ownerAccount(ORG) }, createElement(TranscriptsScreen)), {});
    await settle();
    const snippet = mounted.container.querySelector('.snippet');
    expect(snippet?.querySelector('mark')).not.toBeNull();
    expect(snippet?.getAttribute('dir')).toBe('auto');
    expect(mounted.container.querySelector('.result-title')?.getAttribute('dir')).toBe('auto');
  });
});
