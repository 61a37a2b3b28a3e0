import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * The transcript bucket as the bot's fallback needs it: one put at a time, each with its own
 * deadline. Imported on demand by UndeliveredArchive, so the SDK is evaluated only by a bot that
 * actually has something to save.
 */
export interface FallbackBucket {
  put(object: { bucket: string; key: string; body: string; metadata: Record<string, string> }, timeoutMs: number): Promise<void>;
  destroy(): void;
}

export function openFallbackBucket(region: string): FallbackBucket {
  // The SDK's own switch for its multi-line "node >= 22 soon" warning, which would break the
  // bot's stderr (JSON lines only); the image's Node version is the Dockerfile's decision.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    region,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A custom endpoint (an S3-compatible store) rarely has per-bucket DNS names.
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL),
    maxAttempts: 1,
  });
  return {
    async put(object, timeoutMs) {
      await client.send(
        new PutObjectCommand({ Bucket: object.bucket, Key: object.key, Body: object.body, ContentType: 'application/json', Metadata: object.metadata }),
        { abortSignal: AbortSignal.timeout(timeoutMs) },
      );
    },
    destroy: () => client.destroy(),
  };
}
