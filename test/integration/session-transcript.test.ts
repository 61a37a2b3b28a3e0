import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../contracts/identity.js';
import type { Transcript } from '../../contracts/transcript.js';
import { openDatabaseFile } from '../support/db-snapshot.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** GET /api/voice/sessions/{id}/transcript: the console's Transcript tab loads a session's transcript in one request. */
describe("a session's transcript by session id", () => {
  let server: ServerProcess;
  let orgId: string;

  beforeAll(async () => {
    server = await startServerProcess();
    const me = await server.call<{ data: Me }>('GET', '/api/me');
    orgId = me.json.data.orgs[0]?.id as string;
  });

  afterAll(async () => {
    if (!server) return;
    await server.stop();
    removeDataDir(server.dataDir);
  });

  const newSession = async (): Promise<string> => {
    const reply = await server.call<{ data: { id: string } }>('POST', '/api/voice/sessions', { body: { orgId, interviewType: 'technical', candidateName: 'Ada' } });
    return reply.json.data.id;
  };

  it('is null until there is one, then the whole transcript, as GET /transcripts/{id} gives it', async () => {
    const sessionId = await newSession();
    const before = await server.call<{ data: Transcript | null }>('GET', `/api/voice/sessions/${sessionId}/transcript`);
    expect(before.status).toBe(200);
    expect(before.json.data).toBeNull();

    const transcriptId = randomUUID();
    const now = new Date().toISOString();
    const db = openDatabaseFile(server.dataDir);
    try {
      const userId = (db.prepare('SELECT created_by FROM voice_sessions WHERE id = ?').get(sessionId) as { created_by: string }).created_by;
      db.prepare(
        `INSERT INTO voice_transcripts (id, org_id, session_id, transcript_text, candidate_name, word_count, speaker_segments, created_at, updated_at, created_by)
         VALUES (?, ?, ?, 'Candidate: We sharded Postgres by tenant.', 'Ada', 6, ?, ?, ?, ?)`,
      ).run(transcriptId, orgId, sessionId, JSON.stringify([{ speaker: 'candidate', text: 'We sharded Postgres by tenant.', startTime: 0, endTime: 2, confidence: 0.9 }]), now, now, userId);
    } finally {
      db.close();
    }
    const bySession = await server.call<{ data: Transcript }>('GET', `/api/voice/sessions/${sessionId}/transcript`);
    const byId = await server.call<{ data: Transcript }>('GET', `/api/voice/transcripts/${transcriptId}`);
    expect(bySession.status).toBe(200);
    expect(bySession.json.data.id).toBe(transcriptId);
    expect(bySession.json.data.speakerSegments).toHaveLength(1);
    expect(bySession.json.data).toEqual(byId.json.data);
  });

  it('is refused for a session that does not exist, and without a credential', async () => {
    const missing = await server.call<{ error: { code: string } }>('GET', `/api/voice/sessions/${randomUUID()}/transcript`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('NOT_FOUND');
    const sessionId = await newSession();
    const anonymous = await server.call('GET', `/api/voice/sessions/${sessionId}/transcript`, { anonymous: true });
    expect(anonymous.status).toBe(401);
  });
});
