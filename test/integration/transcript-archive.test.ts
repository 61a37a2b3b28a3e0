import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import { BotClient } from '../support/bot-client.js';
import { createSession, moveSession, myOrgId, openStore } from '../support/fixtures.js';
import { LocalS3 } from '../support/s3-server.js';
import { eventually } from '../support/eventually.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

const BUCKET = 'voice-transcripts';
let s3: LocalS3;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  s3 = await new LocalS3(BUCKET).start();
});

afterAll(async () => {
  for (const server of servers) {
    await server.stop();
    removeDataDir(server.dataDir);
  }
  await s3.dispose();
});

async function start(dataDir?: string): Promise<ServerProcess> {
  const server = await startServerProcess({
    ...(dataDir ? { dataDir } : {}),
    env: { ...s3.env, TRANSCRIPT_S3_BUCKET: BUCKET, VOICE_ARCHIVE_POLL_MS: '100', VOICE_ARCHIVE_RETRY_BASE_MS: '100' },
  });
  servers.push(server);
  return server;
}


/** A finished interview with two spoken segments; returns its transcript id. */
async function finishedInterview(server: ServerProcess, orgId: string): Promise<string> {
  const session = await createSession(server, orgId, { candidateName: 'Mary Jackson' });
  await moveSession(server, session.id, 'ready', 'active');
  const grant = await server.call<ApiSuccess<{ botToken: string }>>('POST', `/api/voice/sessions/${session.id}/bot-token`);
  const bot = await BotClient.connect(server.url, grant.json.data.botToken);
  await bot.segment({ seq: 0, speaker: 'bot', text: 'What did you build in the wind tunnel?', startTime: 0, endTime: 3, confidence: 0.97, final: true });
  await bot.segment({ seq: 1, speaker: 'candidate', text: 'Airflow experiments on supersonic models.', startTime: 3.5, endTime: 7, confidence: 0.91, final: true });
  await bot.close();
  await moveSession(server, session.id, 'completed');
  const list = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${session.id}`);
  return (list.json.data[0] as TranscriptSummary).id;
}

describe('transcript archive to S3', () => {
  it('uploads a finalized transcript as JSON under the dated key with metadata', async () => {
    const server = await start();
    const orgId = await myOrgId(server);
    const id = await finishedInterview(server, orgId);
    const archived = await eventually(async () => {
      const t = (await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${id}`)).json.data;
      return t.transcriptS3Url ? t : undefined;
    }, 'the archive upload');
    const day = archived.createdAt.slice(0, 10).replace(/-/g, '/');
    expect(archived.transcriptS3Url).toBe(`s3://${BUCKET}/transcripts/${orgId}/${day}/${archived.sessionId}.json`);

    const client = new S3Client({ region: 'us-east-1', endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: archived.transcriptS3Url?.replace(`s3://${BUCKET}/`, '') }));
    expect(object.ContentType).toBe('application/json');
    expect(object.Metadata).toMatchObject({ org_id: orgId, session_id: archived.sessionId });
    const body = JSON.parse((await object.Body?.transformToString()) ?? '{}') as Transcript;
    expect(body.transcriptText).toBe(archived.transcriptText);
    expect(body.speakerSegments).toHaveLength(2);
    client.destroy();

    // Words not cached locally (as after a sync) come back from the archive.
    const db = openStore(server.dataDir);
    db.prepare("UPDATE voice_transcripts SET transcript_text = '', speaker_segments = '[]' WHERE id = ?").run(id);
    db.close();
    const restored = await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${id}`);
    expect(restored.json.data.transcriptText).toBe(archived.transcriptText);
    expect(restored.json.data.speakerSegments).toHaveLength(2);
  });

  it('queues while S3 is down, survives a restart, and uploads when S3 is back', async () => {
    const server = await start();
    const orgId = await myOrgId(server);
    await s3.stop();
    const id = await finishedInterview(server, orgId);
    const db = openStore(server.dataDir);
    try {
      await eventually(async () => {
        const row = db.prepare('SELECT attempts, last_error FROM voice_archive_queue WHERE transcript_id = ?').get(id) as { attempts: number; last_error: string | null } | undefined;
        return row && row.attempts >= 2 ? row : undefined;
      }, 'failed attempts');
    } finally {
      db.close();
    }
    expect(server.stderrText()).toContain('transcript archive upload failed; will retry');
    const health = await server.call<{ status: string; checks: Record<string, string> }>('GET', '/api/voice/health');
    expect(health.status).toBe(503);
    expect(health.json.status).toBe('degraded');
    expect(health.json.checks.s3).toMatch(/^error: /);
    await server.stop();

    await s3.start();
    const again = await start(server.dataDir);
    const archived = await eventually(async () => {
      const t = (await again.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${id}`)).json.data;
      return t.transcriptS3Url ? t : undefined;
    }, 'the upload after S3 came back');
    expect(archived.transcriptS3Url).toContain(`/${archived.sessionId}.json`);
    const check = openStore(again.dataDir);
    expect(check.prepare('SELECT COUNT(*) AS n FROM voice_archive_queue').get()).toEqual({ n: 0 });
    check.close();
  });
});
