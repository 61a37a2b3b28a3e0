import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { AuditEntry, ErasureReceipt, RetentionPolicy, RetentionPreview, RetentionRun } from '../../contracts/candidate-rights.js';
import type { VoiceSession } from '../../contracts/session.js';
import type { Transcript, TranscriptSummary } from '../../contracts/transcript.js';
import { BotClient } from '../support/bot-client.js';
import { eventually } from '../support/eventually.js';
import { createSession, moveSession, myOrgId, openStore } from '../support/fixtures.js';
import { LocalS3 } from '../support/s3-server.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

const BUCKET = 'rights-transcripts';
const WORDS = 'I led the Apollo guidance software team';
let s3: LocalS3;
let server: ServerProcess;
let orgId: string;
let client: S3Client;

beforeAll(async () => {
  s3 = await new LocalS3(BUCKET).start();
  server = await startServerProcess({
    env: { ...s3.env, TRANSCRIPT_S3_BUCKET: BUCKET, VOICE_ARCHIVE_POLL_MS: '100', VOICE_ARCHIVE_RETRY_BASE_MS: '100', VOICE_RIGHTS_POLL_MS: '3600000' },
  });
  orgId = await myOrgId(server);
  client = new S3Client({ region: 'us-east-1', endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  await s3?.dispose();
});

/** A finished interview whose transcript reached the bucket; returns the session and transcript. */
async function archivedInterview(candidate: { candidateName: string; candidateEmail: string }): Promise<{ session: VoiceSession; transcript: Transcript }> {
  const session = await createSession(server, orgId, candidate);
  await moveSession(server, session.id, 'ready', 'active');
  const grant = await server.call<ApiSuccess<{ botToken: string }>>('POST', `/api/voice/sessions/${session.id}/bot-token`);
  const bot = await BotClient.connect(server.url, grant.json.data.botToken);
  await bot.segment({ seq: 0, speaker: 'bot', text: 'Tell me about your last project.', startTime: 0, endTime: 2, confidence: 0.97, final: true });
  await bot.segment({ seq: 1, speaker: 'candidate', text: WORDS, startTime: 2.5, endTime: 6, confidence: 0.93, final: true });
  await bot.close();
  await moveSession(server, session.id, 'completed');
  const list = await server.call<ApiSuccess<TranscriptSummary[]>>('GET', `/api/voice/transcripts?orgId=${orgId}&sessionId=${session.id}`);
  const id = (list.json.data[0] as TranscriptSummary).id;
  const transcript = await eventually(async () => {
    const t = (await server.call<ApiSuccess<Transcript>>('GET', `/api/voice/transcripts/${id}`)).json.data;
    return t.transcriptS3Url ? t : undefined;
  }, 'the archive upload');
  return { session, transcript };
}

async function objectExists(url: string): Promise<boolean> {
  try {
    await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: url.replace(`s3://${BUCKET}/`, '') }));
    return true;
  } catch {
    return false;
  }
}

/** Moves a session's end back in time, as if it ended `days` ago. */
function endedDaysAgo(sessionId: string, days: number): void {
  const db = openStore(server.dataDir);
  const at = new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
  db.prepare('UPDATE voice_sessions SET completed_at = ?, updated_at = ? WHERE id = ?').run(at, at, sessionId);
  db.close();
}

async function audit(query = ''): Promise<AuditEntry[]> {
  const reply = await server.call<ApiSuccess<AuditEntry[]>>('GET', `/api/rights/audit?orgId=${orgId}${query}`);
  expect(reply.status).toBe(200);
  return reply.json.data;
}

function allAuditText(): string {
  const db = openStore(server.dataDir);
  const rows = db.prepare('SELECT * FROM rights_audit_log').all();
  db.close();
  return JSON.stringify(rows);
}

describe('retention', () => {
  it('refuses bad input with a clear 400/403 and changes nothing', async () => {
    const negative = await server.call('PUT', '/api/rights/retention', { body: { orgId, days: -5 } });
    expect(negative.status).toBe(400);
    expect(negative.text).toContain('days');
    const fraction = await server.call('PUT', '/api/rights/retention', { body: { orgId, days: 1.5 } });
    expect(fraction.status).toBe(400);
    const otherOrg = await server.call('PUT', '/api/rights/retention', { body: { orgId: '00000000-0000-4000-8000-000000000001', days: 30 } });
    expect(otherOrg.status).toBe(403);
    const preview = await server.call('GET', `/api/rights/retention/preview?orgId=${orgId}&days=0`);
    expect(preview.status).toBe(400);
    const runOff = await server.call('POST', '/api/rights/retention/run', { body: { orgId } });
    expect(runOff.status).toBe(409);
    const policy = await server.call<ApiSuccess<{ policy: RetentionPolicy }>>('GET', `/api/rights/retention?orgId=${orgId}`);
    expect(policy.json.data.policy.days).toBeNull();
    expect(await audit('&action=retention.changed')).toEqual([]);
  });

  it('previews, then deletes content past the limit from the cache and the bucket; the session stays anonymous', async () => {
    const old = await archivedInterview({ candidateName: 'Katherine Johnson', candidateEmail: 'katherine@example.com' });
    const recent = await archivedInterview({ candidateName: 'Dorothy Vaughan', candidateEmail: 'dorothy@example.com' });
    endedDaysAgo(old.session.id, 40);

    const longer = await server.call<ApiSuccess<RetentionPreview>>('GET', `/api/rights/retention/preview?orgId=${orgId}&days=60`);
    expect(longer.json.data.counts.sessions).toBe(0);
    // The last preview is of the days saved next (a run needs a preview of the current setting).
    const preview = await server.call<ApiSuccess<RetentionPreview>>('GET', `/api/rights/retention/preview?orgId=${orgId}&days=30`);
    expect(preview.status).toBe(200);
    expect(preview.json.data).toMatchObject({ source: 'local', counts: { sessions: 1, transcripts: 1, analytics: 0, archiveObjects: 1 } });

    const saved = await server.call<ApiSuccess<{ policy: RetentionPolicy }>>('PUT', '/api/rights/retention', { body: { orgId, days: 30 } });
    expect(saved.status).toBe(200);
    expect(saved.json.data.policy.days).toBe(30);

    const run = await server.call<ApiSuccess<RetentionRun>>('POST', '/api/rights/retention/run', { body: { orgId } });
    expect(run.status).toBe(200);
    expect(run.json.data.stores.local).toMatchObject({ state: 'done', counts: { sessions: 1, transcripts: 1 } });
    expect(run.json.data.stores.team.state).toBe('not_applicable');
    expect(run.json.data.stores.archive).toMatchObject({ state: 'done', counts: { archiveObjects: 1 } });

    expect(await objectExists(old.transcript.transcriptS3Url as string)).toBe(false);
    expect(await objectExists(recent.transcript.transcriptS3Url as string)).toBe(true);
    const gone = await server.call('GET', `/api/voice/transcripts/${old.transcript.id}`);
    expect(gone.status).toBe(404);
    const session = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${old.session.id}`);
    expect(session.json.data).toMatchObject({ status: 'completed', candidateName: null, candidateEmail: null });
    const kept = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${recent.session.id}`);
    expect(kept.json.data.candidateName).toBe('Dorothy Vaughan');
    const db = openStore(server.dataDir);
    expect(db.prepare('SELECT count(*) AS n FROM voice_live_segments WHERE session_id = ?').get(old.session.id)).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM voice_transcripts_fts WHERE voice_transcripts_fts MATCH 'Apollo'").get()).toEqual({ n: 1 });
    db.close();

    const again = await server.call<ApiSuccess<RetentionRun>>('POST', '/api/rights/retention/run', { body: { orgId } });
    expect(again.json.data.stores.local.counts).toMatchObject({ sessions: 0, transcripts: 0, liveSegments: 0 });

    const changed = await audit('&action=retention.changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]?.details).toMatchObject({ fromDays: null, toDays: 30 });
    const ran = await audit('&action=retention.ran');
    expect(ran).toHaveLength(2);
    expect(ran[1]?.details).toMatchObject({ days: 30, localSessions: 1, localTranscripts: 1, archiveObjects: 1, pending: false });
  });
});

describe('erasure on request', () => {
  it('an unknown e-mail is a 404, a malformed one a 400, and nothing changes', async () => {
    const before = allAuditText();
    const unknown = await server.call('POST', '/api/rights/erasures', { body: { orgId, email: 'nobody@example.com' } });
    expect(unknown.status).toBe(404);
    const malformed = await server.call('POST', '/api/rights/erasures', { body: { orgId, email: 'not-an-email' } });
    expect(malformed.status).toBe(400);
    const both = await server.call('POST', '/api/rights/erasures', { body: { orgId } });
    expect(both.status).toBe(400);
    expect(allAuditText()).toBe(before);
  });

  it('erases every session of the candidate, gives a receipt with a keyed hash, and a repeat answers the same receipt', async () => {
    const email = 'mary.jackson@example.com';
    const first = await archivedInterview({ candidateName: 'Mary Jackson', candidateEmail: email });
    const second = await createSession(server, orgId, { candidateName: 'Mary Jackson', candidateEmail: email });
    const other = await archivedInterview({ candidateName: 'Annie Easley', candidateEmail: 'annie@example.com' });

    const reply = await server.call<ApiSuccess<ErasureReceipt>>('POST', '/api/rights/erasures', { body: { orgId, email: 'Mary.Jackson@Example.com' } });
    expect(reply.status).toBe(201);
    const receipt = reply.json.data;
    expect(receipt.emailHash).toMatch(/^[0-9a-f]{64}$/);
    expect(reply.text.toLowerCase()).not.toContain('mary');
    expect(receipt).toMatchObject({ sessionCount: 2, completedAt: expect.any(String) });
    expect(receipt.stores.local).toMatchObject({ state: 'done', counts: { sessions: 2, transcripts: 1 } });
    expect(receipt.stores.archive).toMatchObject({ state: 'done', counts: { archiveObjects: 1 } });
    expect(await objectExists(first.transcript.transcriptS3Url as string)).toBe(false);
    expect(await objectExists(other.transcript.transcriptS3Url as string)).toBe(true);
    for (const id of [first.session.id, second.id]) {
      const session = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${id}`);
      expect(session.json.data).toMatchObject({ candidateName: null, candidateEmail: null });
    }

    const repeat = await server.call<ApiSuccess<ErasureReceipt>>('POST', '/api/rights/erasures', { body: { orgId, email } });
    expect(repeat.status).toBe(200);
    expect(repeat.json.data.id).toBe(receipt.id);

    const entries = await audit('&action=candidate.erased');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ targetType: 'erasure', targetId: receipt.id, details: { emailHash: receipt.emailHash, sessions: 2 } });
    const text = allAuditText().toLowerCase();
    expect(text).not.toContain('mary');
    expect(text).not.toContain('apollo');
  });

  it('from a session: erases that candidate; the bucket being down leaves it pending until a retry reaches it', async () => {
    const interview = await archivedInterview({ candidateName: 'Christine Darden', candidateEmail: 'christine@example.com' });
    await s3.stop();
    try {
      const reply = await server.call<ApiSuccess<ErasureReceipt>>('POST', '/api/rights/erasures', { body: { orgId, sessionId: interview.session.id } });
      expect(reply.status).toBe(201);
      expect(reply.json.data.completedAt).toBeNull();
      expect(reply.json.data.stores.local.state).toBe('done');
      expect(reply.json.data.stores.archive.state).toBe('pending');
      expect(reply.json.data.stores.archive.lastError).toBeTruthy();
      const listed = await server.call<ApiSuccess<ErasureReceipt[]>>('GET', `/api/rights/erasures?orgId=${orgId}`);
      expect(listed.json.data.find((r) => r.id === reply.json.data.id)?.stores.archive.state).toBe('pending');
    } finally {
      await s3.start();
    }
    const listed = await server.call<ApiSuccess<ErasureReceipt[]>>('GET', `/api/rights/erasures?orgId=${orgId}`);
    const pending = listed.json.data.find((r) => r.completedAt === null) as ErasureReceipt;
    const retried = await server.call<ApiSuccess<ErasureReceipt>>('POST', `/api/rights/erasures/${pending.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.json.data.stores.archive).toMatchObject({ state: 'done', counts: { archiveObjects: 1 } });
    expect(retried.json.data.completedAt).not.toBeNull();
    expect(await objectExists(interview.transcript.transcriptS3Url as string)).toBe(false);
  });

  it('a running session of the candidate is refused (409) and nothing is erased', async () => {
    const session = await createSession(server, orgId, { candidateName: 'Evelyn Boyd', candidateEmail: 'evelyn@example.com' });
    await moveSession(server, session.id, 'ready', 'active');
    const reply = await server.call('POST', '/api/rights/erasures', { body: { orgId, email: 'evelyn@example.com' } });
    expect(reply.status).toBe(409);
    const kept = await server.call<ApiSuccess<VoiceSession>>('GET', `/api/voice/sessions/${session.id}`);
    expect(kept.json.data.candidateName).toBe('Evelyn Boyd');
    await moveSession(server, session.id, 'cancelled');
  });
});

describe('audit log', () => {
  it('records transcript views and deletions, reported exports; filters; refuses changes', async () => {
    const { session, transcript } = await archivedInterview({ candidateName: 'Gladys West', candidateEmail: 'gladys@example.com' });
    const views = await audit(`&action=transcript.viewed&targetId=${transcript.id}`);
    expect(views.length).toBeGreaterThanOrEqual(1);
    expect(views[0]).toMatchObject({ targetType: 'transcript', details: { sessionId: session.id } });

    const exported = await server.call('POST', '/api/rights/audit', { body: { orgId, action: 'transcript.exported', sessionId: session.id, format: 'markdown', redacted: true } });
    expect(exported.status).toBe(201);
    const notAllowed = await server.call('POST', '/api/rights/audit', { body: { orgId, action: 'candidate.erased', sessionId: session.id, format: 'markdown', redacted: true } });
    expect(notAllowed.status).toBe(400);
    expect((await audit('&action=transcript.exported'))[0]?.details).toEqual({ format: 'markdown', redacted: true });

    const deleted = await server.call('DELETE', `/api/voice/transcripts/${transcript.id}`);
    expect(deleted.status).toBe(200);
    expect(await audit(`&action=transcript.deleted&targetId=${transcript.id}`)).toHaveLength(1);
    const bad = await server.call('GET', `/api/rights/audit?orgId=${orgId}&action=bogus`);
    expect(bad.status).toBe(400);

    const db = openStore(server.dataDir);
    expect(() => db.prepare('DELETE FROM rights_audit_log').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE rights_audit_log SET action = 'x'").run()).toThrow(/append-only/);
    db.close();
    expect(allAuditText()).not.toContain(WORDS);
  });
});

// Put a stray object to prove the bucket's other content survives every deletion above.
it('other objects in the bucket are untouched', async () => {
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'other/keep.txt', Body: 'keep' }));
  const reply = await server.call('POST', '/api/rights/retention/run', { body: { orgId } });
  expect(reply.status).toBe(200);
  expect(await objectExists(`s3://${BUCKET}/other/keep.txt`)).toBe(true);
});

describe('consent settings', () => {
  it('templates: the three jurisdictions, marked for counsel; an unknown one is a 404', async () => {
    const list = await server.call<ApiSuccess<{ jurisdiction: string; notice: string }[]>>('GET', '/api/voice/consent-templates');
    expect(list.json.data.map((t) => t.jurisdiction)).toEqual(['illinois', 'nyc', 'eu_gdpr']);
    expect(list.json.data.every((t) => /counsel/.test(t.notice))).toBe(true);
    expect((await server.call('GET', '/api/voice/consent-templates/nyc')).status).toBe(200);
    const unknown = await server.call('GET', '/api/voice/consent-templates/texas');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('illinois, nyc, eu_gdpr');
  });

  it('a config with an unknown template is a 400 and nothing is stored; a consent change is audited', async () => {
    const consent = { required: true, disclosure: 'You are talking to an AI.', question: 'Do you agree?', template: 'texas' };
    const bad = await server.call('POST', '/api/voice/configs', {
      body: { orgId, name: 'Consent config', interviewType: 'technical', configJson: { bot_name: 'Ada', system_prompt: 'Interview.', consent } },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('consent.template');
    const list = await server.call<ApiSuccess<{ name: string }[]>>('GET', `/api/voice/configs?orgId=${orgId}`);
    expect(list.json.data.some((c) => c.name === 'Consent config')).toBe(false);

    const created = await server.call<ApiSuccess<{ id: string }>>('POST', '/api/voice/configs', {
      body: { orgId, name: 'Consent config', interviewType: 'technical', configJson: { bot_name: 'Ada', system_prompt: 'Interview.', consent: { ...consent, template: 'illinois' } } },
    });
    expect(created.status).toBe(201);
    const changed = await audit(`&action=consent.changed&targetId=${created.json.data.id}`);
    expect(changed).toHaveLength(1);
    expect(changed[0]?.details).toEqual({ fromTemplate: null, toTemplate: 'illinois' });
    const renamed = await server.call('PUT', `/api/voice/configs/${created.json.data.id}`, { body: { name: 'Consent config 2' } });
    expect(renamed.status).toBe(200);
    expect(await audit(`&action=consent.changed&targetId=${created.json.data.id}`)).toHaveLength(1);
  });
});
