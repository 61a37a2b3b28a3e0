import type { ConfigJson } from '../../../contracts/config-json.js';
import type { VoiceConfig } from '../../../contracts/config.js';
import { draftFromConfig, type ConfigDraft } from './config-draft.js';

export interface RebasedDraft {
  draft: ConfigDraft;
  /** Whether the author had changed anything from the copy their draft started from. */
  edited: boolean;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Moves a draft onto a newer copy of its saved config: a refetch that arrives while the author
 * types, a reconnect, or the editor's own Activate. Whatever the author changed from `base` is
 * kept; everything else takes the newer value. Fields compare as the form edits them, and the
 * config JSON section by section, so an edit to the model survives another desktop's new question.
 */
export function rebaseDraft(draft: ConfigDraft, base: VoiceConfig, fresh: VoiceConfig): RebasedDraft {
  const before = draftFromConfig(base);
  const after = draftFromConfig(fresh);
  let edited = false;
  function pick<T>(mine: T, theirsBefore: T, theirsNow: T): T {
    if (same(mine, theirsBefore)) return theirsNow;
    edited = true;
    return mine;
  }
  // The newer copy's section order first: the save button compares the JSON as text.
  const sections = new Set([...Object.keys(after.configJson), ...Object.keys(draft.configJson)]) as Set<keyof ConfigJson>;
  const configJson: Record<string, unknown> = {};
  for (const section of sections) {
    const value = pick(draft.configJson[section], before.configJson[section], after.configJson[section]);
    if (value !== undefined) configJson[section] = value;
  }
  return {
    draft: {
      name: pick(draft.name, before.name, after.name),
      interviewType: pick(draft.interviewType, before.interviewType, after.interviewType),
      description: pick(draft.description, before.description, after.description),
      isActive: pick(draft.isActive, before.isActive, after.isActive),
      configJson: configJson as ConfigJson,
    },
    edited,
  };
}
