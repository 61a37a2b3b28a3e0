import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { botFallbackFile, botFallbackKey } from '../../contracts/bot-fallback.js';
import { qualityFigures } from '../support/quality-figures.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { exitCodeFor, saveUndelivered, type SaveResult } from '../../bot/live/save-undelivered.js';
import { TeamReporter } from '../../bot/live/team-reporter.js';
import { buildFallbackFile, UndeliveredArchive } from '../../bot/live/undelivered-archive.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { FakeHttpServer, type CannedReply } from '../fakes/fake-http-server.js';
import { LocalS3 } from '../support/s3-server.js';

/**
 * The bot's last step: from what its reporter never got acknowledged, which path saved the
 * transcript, with the fallback file put in a real S3-compatible store (s3rver).
 */
const BUCKET = 'fallback-tests';
const sessionId = '7d1b6a0e-1111-4222-8333-944445555666';
const orgId = '0a1b2c3d-1111-4222-8333-944445555666';
const TOKEN = `vbr_${'B'.repeat(43)}`;

const segment = (seq: number): LiveSegment => ({ seq, speaker: seq % 2 ? 'candidate' : 'bot', text: `segment ${seq}`, startTime: seq, endTime: seq + 1, confidence: null, final: true });

let s3: LocalS3;
let project: FakeHttpServer | null = null;
const reporters: TeamReporter[] = [];

let savedEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  s3 = await new LocalS3(BUCKET).start();
  // The archive's client finds the store through the SDK's own variables, as in the container.
  savedEnv = { ...process.env };
  process.env = { ...process.env, ...s3.env };
});

afterAll(async () => {
  await s3?.dispose();
  process.env = savedEnv;
});

afterEach(async () => {
  for (const reporter of reporters.splice(0)) reporter.close();
  await project?.stop();
  project = null;
});

/** A reporter whose project answers every call with `reply`, after reporting active, 0..2 and completed. */
async function reporterAnswering(reply: CannedReply): Promise<TeamReporter> {
  project = await new FakeHttpServer(() => reply).start();
  const reporter = new TeamReporter({ supabaseUrl: project.url, anonKey: 'anon', token: TOKEN, logger: silentLogger, backoff: { baseMs: 20, capMs: 50 } });
  reporters.push(reporter);
  reporter.status('active');
  for (const seq of [0, 1, 2]) reporter.segment(segment(seq));
  reporter.status('completed', 'interview complete');
  await reporter.flush(300);
  return reporter;
}

const archive = (): UndeliveredArchive => new UndeliveredArchive({ bucket: BUCKET, region: 'us-east-1', logger: silentLogger, backoff: { baseMs: 10, capMs: 20 } });
const finals = [segment(0), segment(1), segment(2)];
const quality = qualityFigures();

describe('saving what was not delivered', () => {
  it('writes the whole transcript to the bucket when the project never answered: saved "s3", exit 3', async () => {
    const reporter = await reporterAnswering({ status: 503, body: { message: 'down' } });
    const consent = { given: true, at: '2026-12-03T09:00:05.000Z', words: 'Yes.' };
    const result = await saveUndelivered({ reporter, archive: archive(), sessionId, orgId, segments: finals, status: 'completed', quality, consent, logger: silentLogger });
    expect(result).toEqual({ saved: 's3', lost: 0, refused: 0, key: botFallbackKey(orgId, sessionId) });
    expect(exitCodeFor('interview complete', result)).toBe(3);

    const client = new S3Client({ region: 'us-east-1', endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `transcripts/${orgId}/undelivered/${sessionId}.json` }));
    const file = botFallbackFile.parse(JSON.parse((await object.Body?.transformToString('utf8')) ?? ''));
    client.destroy();
    expect(file).toMatchObject({ version: 1, sessionId, orgId, status: 'completed', reason: 'interview complete', segments: finals });
    // The figures and the consent that went with the undelivered final status are in the file too.
    expect(file.quality).toEqual(quality);
    expect(file.consent).toEqual(consent);
  });

  it('counts what is lost when there is no bucket (exit 4), and when the bucket is unreachable too', async () => {
    const reporter = await reporterAnswering({ status: 503, body: { message: 'down' } });
    const none = await saveUndelivered({ reporter, archive: null, sessionId, orgId, segments: finals, status: 'completed', logger: silentLogger });
    expect(none).toEqual({ saved: 'none', lost: 5, refused: 0, key: null });
    expect(exitCodeFor('interview complete', none)).toBe(4);

    const unreachable = new UndeliveredArchive({ bucket: 'no-such-bucket', region: 'us-east-1', logger: silentLogger, attempts: 2, backoff: { baseMs: 10, capMs: 20 } });
    const failed = await saveUndelivered({ reporter, archive: unreachable, sessionId, orgId, segments: finals, status: 'completed', logger: silentLogger });
    expect(failed).toEqual({ saved: 'none', lost: 5, refused: 0, key: null });
  });

  it('saves nothing after the session ended under the bot: the rest is refused by design, not lost', async () => {
    const reporter = await reporterAnswering({ status: 401, body: { code: 'PT401', message: 'bot credential refused' } });
    const result = await saveUndelivered({ reporter, archive: archive(), sessionId, orgId, segments: finals, status: null, logger: silentLogger });
    expect(result).toEqual({ saved: 'reported', lost: 0, refused: 5, key: null });
    expect(exitCodeFor('session ended on the server', result)).toBe(0);
  });

  it('says "reported" when everything was acknowledged, "none" when there was nothing (a rehearsal)', async () => {
    const reporter = await reporterAnswering({ status: 200, body: { stored: [0, 1, 2] } });
    expect(await saveUndelivered({ reporter, archive: null, sessionId, orgId, segments: finals, status: 'completed', logger: silentLogger })).toEqual({ saved: 'reported', lost: 0, refused: 0, key: null });
    expect(await saveUndelivered({ reporter: null, archive: null, sessionId: null, orgId: null, segments: [], status: null, logger: silentLogger })).toEqual({ saved: 'none', lost: 0, refused: 0, key: null });
  });

  it('exit codes: lost beats a transport failure, which beats S3', () => {
    const result = (saved: SaveResult['saved'], lost: number): SaveResult => ({ saved, lost, refused: 0, key: null });
    expect(exitCodeFor('transport failed', result('none', 2))).toBe(4);
    expect(exitCodeFor('transport failed', result('s3', 0))).toBe(1);
    expect(exitCodeFor('interview complete', result('s3', 0))).toBe(3);
    expect(exitCodeFor('interview complete', result('reported', 0))).toBe(0);
  });
});

describe('the fallback file', () => {
  it('holds each final segment once, by seq; the schema refuses interim or unordered segments', () => {
    const file = buildFallbackFile({ sessionId, orgId, status: 'completed', reason: null, segments: [segment(2), segment(0), segment(1), segment(0), { ...segment(3), final: false }], writtenAt: new Date('2026-01-01T00:00:00Z') });
    expect(file.segments.map((item) => item.seq)).toEqual([0, 1, 2]);
    expect(file.writtenAt).toBe('2026-01-01T00:00:00.000Z');
    expect(botFallbackFile.safeParse({ ...file, segments: [segment(1), segment(0)] }).success).toBe(false);
    expect(botFallbackFile.safeParse({ ...file, segments: [{ ...segment(0), final: false }] }).success).toBe(false);
    expect(botFallbackFile.safeParse({ ...file, orgId: 'acme' }).success).toBe(false);
    // Files from bots that predate figures and consent still read.
    const older: Record<string, unknown> = { ...file };
    delete older.quality;
    delete older.consent;
    expect(botFallbackFile.safeParse(older).success).toBe(true);
    expect(botFallbackFile.safeParse({ ...file, quality: { ...quality, cutIns: -1 } }).success).toBe(false);
  });
});
