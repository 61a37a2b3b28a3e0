import { configJson, type ConfigJson } from '../../contracts/config-json.js';
import type { StoredVoiceSession } from '../store/session-store.js';
import type { Stores } from '../store/stores.js';

/**
 * The interview config a session runs: its own config's current JSON, or for a session created
 * without one, the defaults with the interview type as the brief.
 */
export function configForSession(stores: Stores, session: StoredVoiceSession): ConfigJson {
  const stored = session.configId ? stores.configs.get(session.configId) : undefined;
  if (stored) return stored.configJson;
  return configJson.parse({
    bot_name: 'Interviewer',
    system_prompt: `You are a professional, friendly interviewer conducting a ${session.interviewType} interview. Ask one question at a time and keep answers short.`,
  });
}
