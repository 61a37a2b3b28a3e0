import type { VoiceConfig } from '../../../contracts/config.js';
import { rebaseEdits, type Rebased } from '../forms/rebase-edits.js';
import { draftFromConfig, type ConfigDraft } from './config-draft.js';

/**
 * Moves a config draft onto a newer copy of its saved config (see rebaseEdits), compared as the form
 * edits it: an edit to the temperature survives another desktop's new model or question.
 */
export function rebaseDraft(draft: ConfigDraft, base: VoiceConfig, fresh: VoiceConfig): Rebased<ConfigDraft> {
  return rebaseEdits(draft, draftFromConfig(base), draftFromConfig(fresh));
}
