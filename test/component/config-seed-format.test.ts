// @vitest-environment jsdom
import { createElement, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { MIXED_CRITERIA_MESSAGE } from '../../contracts/config-json.js';
import { newConfigDraft, type ConfigDraft } from '../../renderer/src/configs/config-draft.js';
import { ConfigEditor } from '../../renderer/src/configs/ConfigEditor.js';
import { seedExampleConfigJson } from '../support/seed-example-config.js';
import { button, click, mount, typeInto, type Mounted } from './dom-harness.js';

const ORG = '6f1c1a55-8a34-4f5e-9a55-6a1e2f3b4c5d';

function Harness({ saves }: { saves: ConfigDraft[] }) {
  const [draft, setDraft] = useState<ConfigDraft>({ ...newConfigDraft(), name: 'Imported' });
  return createElement(ConfigEditor, { orgId: ORG, draft, onChange: setDraft, onSave: () => saves.push(draft), saving: false, dirty: true, saveLabel: 'Create config' });
}

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const input = (container: HTMLElement, path: string): HTMLInputElement | null => container.querySelector(`#field-${path.replace(/[^\w-]/g, '-')}`);
const criterion = (index: number, key: 'name' | 'weight'): string => `configJson.interview.scoring_rubric.criteria.${index}.${key}`;

describe("config editor: the seed's plain-name criteria", () => {
  it('shows a pasted seed config as weighted criteria with equal shares that sum to 1, and saves that form', () => {
    const saves: ConfigDraft[] = [];
    mounted = mount(Harness, { saves });
    const { container } = mounted;
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
    mounted = mount(Harness, { saves: [] });
    const { container } = mounted;
    click(button(container, 'JSON'));
    const mixed = { ...seedExampleConfigJson, interview: { scoring_rubric: { criteria: ['communication', { name: 'technical_depth', weight: 1 }] } } };
    typeInto(container.querySelector('#raw-config-json'), JSON.stringify(mixed));
    expect(container.textContent).toContain(`interview.scoring_rubric.criteria: ${MIXED_CRITERIA_MESSAGE}`);
    expect(button(container, 'Form')?.disabled).toBe(true);
  });
});
