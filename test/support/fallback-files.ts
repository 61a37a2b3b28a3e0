import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { botFallbackKey, type BotFallbackFile } from '../../contracts/bot-fallback.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import type { LocalS3 } from './s3-server.js';

/** The test's own S3 client on s3rver (path-style, checksums only when required, as the app's). */
export function s3Client(s3: LocalS3): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: s3.url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Leaves a fallback file where a bot would (contracts/bot-fallback.ts). */
export async function putFallbackFile(s3: LocalS3, file: BotFallbackFile): Promise<string> {
  const key = botFallbackKey(file.orgId, file.sessionId);
  await s3Client(s3).send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: JSON.stringify(file), ContentType: 'application/json' }));
  return key;
}

export async function objectKeys(s3: LocalS3, prefix: string): Promise<string[]> {
  const reply = await s3Client(s3).send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  return (reply.Contents ?? []).map((object) => object.Key ?? '').sort();
}

export async function objectText(s3: LocalS3, key: string): Promise<string> {
  const reply = await s3Client(s3).send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return (await reply.Body?.transformToString('utf8')) ?? '';
}

export function spoken(texts: string[]): LiveSegment[] {
  return texts.map((text, seq) => ({
    seq,
    speaker: seq % 2 === 0 ? 'bot' : 'candidate',
    text,
    startTime: seq * 3,
    endTime: seq * 3 + 2,
    confidence: seq % 2 === 0 ? null : 0.9,
    final: true,
  }));
}
