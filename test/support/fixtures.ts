import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import type { VoiceConfig } from '../../contracts/config.js';
import type { Me } from '../../contracts/identity.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { ServerProcess } from './server-process.js';

/** A second connection to the server's SQLite file, for arranging what the API cannot (other users, orgs). */
export function openStore(dataDir: string): Database {
  const db = new BetterSqlite3(join(dataDir, 'voice.sqlite3'));
  db.pragma('busy_timeout = 5000');
  return db;
}

export async function myOrgId(server: ServerProcess): Promise<string> {
  const reply = await server.call<ApiSuccess<Me>>('GET', '/api/me');
  const org = reply.json.data.orgs[0];
  if (!org) throw new Error('the local user has no org');
  return org.id;
}

export const sampleConfigJson: ConfigJsonInput = {
  bot_name: 'Ada',
  system_prompt: 'You are a calm, precise technical interviewer.',
  initial_message: 'Hi, I am Ada. Ready to start?',
  interview: {
    max_duration_minutes: 30,
    questions: [
      { id: 'q1', text: 'Tell me about a system you designed.', type: 'technical', follow_up_enabled: true, max_follow_ups: 2 },
      { id: 'q2', text: 'Describe a conflict in your team.', type: 'behavioral' },
    ],
    scoring_rubric: {
      criteria: [
        { name: 'communication', weight: 0.25 },
        { name: 'technical_depth', weight: 0.5 },
        { name: 'problem_solving', weight: 0.25 },
      ],
    },
  },
};

export async function createConfig(server: ServerProcess, orgId: string, overrides: Record<string, unknown> = {}): Promise<VoiceConfig> {
  const reply = await server.call<ApiSuccess<VoiceConfig>>('POST', '/api/voice/configs', {
    body: { orgId, name: `Config ${randomUUID().slice(0, 8)}`, interviewType: 'technical', configJson: sampleConfigJson, ...overrides },
  });
  if (reply.status !== 201) throw new Error(`config create failed: ${reply.status} ${reply.text}`);
  return reply.json.data;
}

export async function createSession(server: ServerProcess, orgId: string, overrides: Record<string, unknown> = {}): Promise<VoiceSession> {
  const reply = await server.call<ApiSuccess<VoiceSession>>('POST', '/api/voice/sessions', {
    body: { orgId, interviewType: 'technical', candidateName: 'Grace Hopper', candidateEmail: 'grace@example.com', ...overrides },
  });
  if (reply.status !== 201) throw new Error(`session create failed: ${reply.status} ${reply.text}`);
  return reply.json.data;
}

export async function moveSession(server: ServerProcess, id: string, ...statuses: string[]): Promise<VoiceSession> {
  let last: VoiceSession | undefined;
  for (const status of statuses) {
    const reply = await server.call<ApiSuccess<VoiceSession>>('PUT', `/api/voice/sessions/${id}`, { body: { status } });
    if (reply.status !== 200) throw new Error(`move to ${status} failed: ${reply.status} ${reply.text}`);
    last = reply.json.data;
  }
  if (!last) throw new Error('no status given');
  return last;
}
