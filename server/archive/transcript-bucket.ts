import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SpeakerSegment, Transcript } from '../../contracts/transcript.js';

/** What is archived: the whole transcript as JSON, readable without this app. */
export interface ArchivedTranscript {
  id: string;
  orgId: string;
  sessionId: string;
  candidateName: string | null;
  interviewType: string | null;
  transcriptText: string;
  speakerSegments: SpeakerSegment[];
  wordCount: number;
  createdAt: string;
  archivedAt: string;
}

/** The seed's key layout (5.4): transcripts/{orgId}/{yyyy}/{mm}/{dd}/{sessionId}.json, dated by the transcript. */
export function archiveKey(transcript: Pick<Transcript, 'orgId' | 'sessionId' | 'createdAt'>): string {
  const day = transcript.createdAt.slice(0, 10).split('-');
  return `transcripts/${transcript.orgId}/${day[0]}/${day[1]}/${day[2]}/${transcript.sessionId}.json`;
}

export function parseS3Url(url: string): { bucket: string; key: string } | null {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  return match ? { bucket: match[1] as string, key: match[2] as string } : null;
}

/**
 * The transcript bucket through the AWS SDK's own conventions (credential chain, region,
 * AWS_ENDPOINT_URL_S3). Checksums are computed only when required: with S3-compatible stores,
 * the SDK's default streaming checksums can store uploads corrupted without an error.
 */
export class TranscriptBucket {
  private readonly client: S3Client;

  constructor(
    readonly bucket: string,
    region: string,
  ) {
    this.client = new S3Client({
      region: region || 'us-east-1',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // A custom endpoint (an S3-compatible store) rarely has per-bucket DNS names.
      forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL),
      maxAttempts: 2,
    });
  }

  async upload(transcript: ArchivedTranscript): Promise<string> {
    const key = archiveKey(transcript);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(transcript),
        ContentType: 'application/json',
        Metadata: { org_id: transcript.orgId, session_id: transcript.sessionId, transcript_id: transcript.id },
      }),
    );
    return `s3://${this.bucket}/${key}`;
  }

  async fetch(url: string): Promise<ArchivedTranscript> {
    const location = parseS3Url(url);
    if (!location) throw new Error(`not an S3 URL: ${url}`);
    const reply = await this.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    const text = await reply.Body?.transformToString('utf8');
    if (!text) throw new Error('the archived transcript is empty');
    return JSON.parse(text) as ArchivedTranscript;
  }

  /** Any object's text, or null when there is no such key (a bot's fallback file, for one). */
  async readText(key: string): Promise<string | null> {
    try {
      const reply = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await reply.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof Error && error.name === 'NoSuchKey')) return null;
      throw error;
    }
  }

  /** Removes an object; removing one that is already gone is no error (S3's own rule). */
  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /**
   * Removes many objects with DeleteObjects (1000 keys a request); keys already gone count as
   * removed, as S3 itself answers. Throws when a request fails or S3 reports a key it could not remove.
   */
  async removeMany(keys: string[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const reply = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: false } }),
      );
      const failed = reply.Errors ?? [];
      if (failed.length > 0) throw new Error(`S3 could not remove ${failed.length} object(s): ${failed[0]?.Code ?? 'unknown error'}`);
      removed += reply.Deleted?.length ?? batch.length;
    }
    return removed;
  }

  /** How many of these keys exist (what an erasure would remove from the bucket). */
  async countExisting(keys: string[]): Promise<number> {
    let found = 0;
    for (const key of keys) {
      if ((await this.readHead(key)) !== null) found += 1;
    }
    return found;
  }

  private async readHead(key: string): Promise<string | null> {
    try {
      const reply = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return reply.ETag ?? '';
    } catch (error) {
      if (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey')) return null;
      throw error;
    }
  }

  async check(): Promise<'ok' | string> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return 'ok';
    } catch (error) {
      return `error: ${error instanceof Error ? error.name : String(error)}`;
    }
  }
}
