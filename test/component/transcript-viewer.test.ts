// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { SpeakerSegment } from '../../contracts/transcript.js';
import { TranscriptViewer } from '../../renderer/src/session-detail/TranscriptViewer.js';
import { button, click, mount, press, typeInto, type Mounted } from './dom-harness.js';

const segments: SpeakerSegment[] = [
  { seq: 0, speaker: 'bot', text: 'Welcome! Tell me about Kubernetes in production.', startTime: 0.4, endTime: 4, confidence: 0.98 },
  { seq: 1, speaker: 'candidate', text: 'We ran kubernetes clusters for five years; kube-proxy was a pain.', startTime: 5.2, endTime: 12, confidence: 0.91 },
  { seq: 2, speaker: 'bot', text: 'What broke <img src=x onerror=alert(1)> first?', startTime: 65, endTime: 70, confidence: null },
  { seq: 3, speaker: 'candidate', text: 'DNS. It is always DNS.', startTime: 3725, endTime: 3730, confidence: 0.9 },
];

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const rows = (container: HTMLElement): HTMLElement[] => [...container.querySelectorAll<HTMLElement>('li.segment')];
const matchCount = (container: HTMLElement): string => container.querySelector('.match-count')?.textContent ?? '';

describe('transcript viewer', () => {
  it('shows each turn with its speaker and mm:ss time', () => {
    mounted = mount(TranscriptViewer, { segments });
    const list = rows(mounted.container);
    expect(list).toHaveLength(4);
    expect(list.map((row) => row.querySelector('.segment-time')?.textContent)).toEqual(['00:00', '00:05', '01:05', '1:02:05']);
    expect(list.map((row) => row.querySelector('.segment-speaker')?.textContent)).toEqual(['Interviewer', 'Candidate', 'Interviewer', 'Candidate']);
  });

  it('renders spoken text as text, never as markup', () => {
    mounted = mount(TranscriptViewer, { segments });
    expect(mounted.container.querySelector('img')).toBeNull();
    expect(rows(mounted.container)[2]?.textContent).toContain('<img src=x onerror=alert(1)>');
    typeInto(mounted.container.querySelector('input[type="search"]'), 'img');
    expect(mounted.container.querySelector('img')).toBeNull();
    expect(mounted.container.querySelectorAll('mark')).toHaveLength(1);
  });

  it('highlights every match, case-insensitively, and steps through them', () => {
    mounted = mount(TranscriptViewer, { segments });
    const { container } = mounted;
    typeInto(container.querySelector('input[type="search"]'), 'kube');
    const marks = [...container.querySelectorAll('mark')];
    expect(marks.map((mark) => mark.textContent)).toEqual(['Kube', 'kube', 'kube']);
    expect(matchCount(container)).toBe('1 of 3 matches');
    expect(container.querySelector('mark.active-match')?.closest('li')?.dataset.seq).toBe('0');
    press(container.querySelector('input[type="search"]'), 'Enter');
    expect(matchCount(container)).toBe('2 of 3 matches');
    press(container.querySelector('input[type="search"]'), 'Enter');
    expect(container.querySelector('mark.active-match')?.textContent).toBe('kube');
    expect(container.querySelector('mark.active-match')?.closest('li')?.dataset.seq).toBe('1');
    press(container.querySelector('input[type="search"]'), 'Enter', { shiftKey: true });
    expect(matchCount(container)).toBe('2 of 3 matches');
    click(button(container, 'Next match'));
    click(button(container, 'Next match'));
    expect(matchCount(container)).toBe('1 of 3 matches');
  });

  it('highlights each word of a multi-word search and says when nothing matches', () => {
    mounted = mount(TranscriptViewer, { segments });
    const { container } = mounted;
    typeInto(container.querySelector('input[type="search"]'), 'always dns');
    expect([...container.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['DNS', 'always', 'DNS']);
    typeInto(container.querySelector('input[type="search"]'), 'terraform');
    expect(container.querySelectorAll('mark')).toHaveLength(0);
    expect(matchCount(container)).toBe('No matches');
    expect(button(container, 'Next match')?.disabled).toBe(true);
  });

  it('lands on the target segment and starts from a given search', () => {
    mounted = mount(TranscriptViewer, { segments, initialQuery: 'dns', targetSeq: 3 });
    const target = mounted.container.querySelector<HTMLElement>('li.targeted');
    expect(target?.dataset.seq).toBe('3');
    expect(document.activeElement).toBe(target);
    expect(mounted.container.querySelectorAll('mark')).toHaveLength(2);
  });
});
