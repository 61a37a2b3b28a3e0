// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { MIXED_CRITERIA_MESSAGE } from '../../contracts/config-json.js';
import { newConfigDraft } from '../../renderer/src/configs/config-draft.js';
import { seedExampleConfigJson } from '../support/seed-example-config.js';
import { mountConfigEditor, type MountedEditor } from './config-editor-harness.js';
import { button, click, typeInto } from './dom-harness.js';

let mounted: MountedEditor | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const input = (container: HTMLElement, path: string): HTMLInputElement | null => container.querySelector(`#field-${path.replace(/[^\w-]/g, '-')}`);
const criterion = (index: number, key: 'name' | 'weight'): string => `configJson.interview.scoring_rubric.criteria.${index}.${key}`;

describe("config editor: the seed's plain-name criteria", () => {
  it('shows a pasted seed config as weighted criteria with equal shares that sum to 1, and saves that form', () => {
    mounted = mountConfigEditor({ ...newConfigDraft(), name: 'Imported' });
    const { container, saves } = mounted;
    click(button(container, 'JSON'));
    typeInto(container.querySelector('#raw-config-json'), JSON.stringify(seedExampleConfigJson, null, 2));
    expect(container.textContent).toContain('Valid config');
    click(button(container, 'Form'));

    const names = [0, 1, 2].map((index) => input(container, criterion(index, 'name'))?.value);
    expect(names).toEqual(['communication', 'technical_depth', 'problem_solving']);
    const weights = [0, 1, 2].map((index) => Number(input(container, criterion(index, 'weight'))?.value));
    expect(weights).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(container.querySelector('[data-testid="weight-sum"]')?.textContent).toBe('Weights sum to 1 ✓');

    click(button(container, 'Create config'));
    expect(saves[0]?.configJson.interview.scoring_rubric.criteria).toEqual([
      { name: 'communication', weight: 1 / 3 },
      { name: 'technical_depth', weight: 1 / 3 },
      { name: 'problem_solving', weight: 1 / 3 },
    ]);
  });

  it('names the problem when names and weighted objects are mixed, and keeps the form closed', () => {
    mounted = mountConfigEditor({ ...newConfigDraft(), name: 'Imported' });
    const { container } = mounted;
    click(button(container, 'JSON'));
    const mixed = { ...seedExampleConfigJson, interview: { scoring_rubric: { criteria: ['communication', { name: 'technical_depth', weight: 1 }] } } };
    typeInto(container.querySelector('#raw-config-json'), JSON.stringify(mixed));
    expect(container.textContent).toContain(`interview.scoring_rubric.criteria: ${MIXED_CRITERIA_MESSAGE}`);
    expect(button(container, 'Form')?.disabled).toBe(true);
  });
});
