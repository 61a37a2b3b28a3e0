import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * A real S3-compatible server (s3rver) on loopback with the given bucket. It can be stopped and
 * started again on the same port and folder, to play "S3 is down, then back".
 */
export class LocalS3 {
  private server: S3rver | null = null;
  port = 0;
  readonly directory = mkdtempSync(join(tmpdir(), 'voice-s3-'));

  constructor(readonly bucket: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What a process needs to reach it through the AWS SDK's standard chain. */
  get env(): Record<string, string> {
    return { AWS_ENDPOINT_URL_S3: this.url, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  }

  async start(): Promise<this> {
    this.server = new S3rver({
      address: '127.0.0.1',
      port: this.port,
      silent: true,
      directory: this.directory,
      configureBuckets: [{ name: this.bucket }],
    });
    const address = await this.server.run();
    this.port = address.port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await server.close();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
