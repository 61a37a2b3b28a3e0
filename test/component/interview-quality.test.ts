// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeQuality, type InterviewQuality, type QualityStats } from '../../contracts/interview-quality.js';
import { QualityPanel } from '../../renderer/src/dashboard/QualityPanel.js';
import { QualityCard } from '../../renderer/src/session-detail/QualityCard.js';
import { mount, type Mounted } from './dom-harness.js';

// Issue 14, section 3: the Overview shows an interview's quality figures; the Dashboard shows them
// across interviews, per config and per speech model, so a slow config or provider stands out.
let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const quality = (overrides: Partial<InterviewQuality> = {}): InterviewQuality => ({
  version: 1,
  turnTaking: 'nova-semantic',
  sttModel: 'nova-2',
  replies: 12,
  voiceToVoiceP50Ms: 740,
  voiceToVoiceP95Ms: 910,
  bargeIns: 2,
  longSilences: 0,
  cutIns: 1,
  ...overrides,
});

const text = (element: Element | null): string => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('the Overview quality card', () => {
  it('shows what the bot measured', () => {
    mounted = mount(QualityCard, { sessionMetadata: { quality: quality() } });
    const card = text(mounted.container.querySelector('[data-testid="quality-card"]'));
    expect(card).toContain('740 ms typical, 910 ms slowest 5% (12 replies)');
    expect(card).toContain('Barge-ins2');
    expect(card).toContain('Cut-ins1');
    expect(card).toContain('Long silences0');
    expect(card).toContain('nova-2, semantic patience');
  });

  it('says when nothing was reported (yet), and ignores figures it cannot read', () => {
    mounted = mount(QualityCard, { sessionMetadata: { quality: { version: 99 } } });
    expect(text(mounted.container)).toContain('The bot reports these figures when the interview ends.');
  });
});

describe('the Dashboard quality panel', () => {
  it('lists the figures across interviews, per config and per speech model', () => {
    const fast = [quality(), quality({ voiceToVoiceP50Ms: 700, voiceToVoiceP95Ms: 880 })];
    const slow = [quality({ turnTaking: 'nova-fixed', voiceToVoiceP50Ms: 1450, voiceToVoiceP95Ms: 2300, longSilences: 3, cutIns: 4 })];
    const stats: QualityStats = {
      overall: summarizeQuality([...fast, ...slow]),
      byConfig: [
        { configId: 'c1', configName: 'Backend engineer', ...summarizeQuality(fast) },
        { configId: 'c2', configName: 'Support lead', ...summarizeQuality(slow) },
      ],
      byTurnTaking: [
        { turnTaking: 'nova-semantic', sttModel: 'nova-2', ...summarizeQuality(fast) },
        { turnTaking: 'nova-fixed', sttModel: 'nova-2', ...summarizeQuality(slow) },
      ],
    };
    mounted = mount(QualityPanel, { quality: stats });
    const rows = [...mounted.container.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => text(cell)));
    expect(rows).toEqual([
      ['All interviews', '3', '740 ms', '910 ms', '6', '6', '3'],
      ['Backend engineer', '2', '720 ms', '895 ms', '2', '4', '0'],
      ['Support lead', '1', '1,450 ms', '2,300 ms', '4', '2', '3'],
      ['nova-2, semantic patience', '2', '720 ms', '895 ms', '2', '4', '0'],
      ['nova-2, fixed patience', '1', '1,450 ms', '2,300 ms', '4', '2', '3'],
    ]);
  });

  it('says none was reported when no interview has figures', () => {
    mounted = mount(QualityPanel, { quality: undefined });
    expect(text(mounted.container)).toContain('none has yet');
  });
});
