import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const serveScript = join(repoRoot, 'dist', 'server', 'serve.js');

export interface HttpReply<T = unknown> {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: T;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** Leave out the Authorization header. */
  anonymous?: boolean;
}

/** A plain node:http client, so tests control every header (fetch refuses to set Host). */
export function httpCall<T = unknown>(baseUrl: string, method: string, path: string, options: RequestOptions & { token?: string } = {}): Promise<HttpReply<T>> {
  const url = new URL(path, baseUrl);
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | Buffer | undefined = options.rawBody;
  if (payload === undefined && options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['content-length'] ??= String(Buffer.byteLength(payload));
  if (options.token && !options.anonymous) headers.authorization ??= `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = undefined;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: json as T });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Asks the server for a console sign-in link (the link's code works once, within two minutes). */
export async function signInLink(baseUrl: string, token: string): Promise<string> {
  const reply = await httpCall<{ data: { url: string } }>(baseUrl, 'POST', '/api/console/sign-in-link', { token });
  if (reply.status !== 201) throw new Error(`no sign-in link: ${reply.status} ${reply.text}`);
  return reply.json.data.url;
}

export interface ServerProcess {
  url: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  stdoutLines(): string[];
  stderrText(): string;
  call<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<HttpReply<T>>;
  /** A fresh console sign-in link (single use, two minutes), asked for with the API token. */
  signInLink(): Promise<string>;
  /** Sends a signal and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'voice-test-'));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts `node dist/server/serve.js` exactly as `npm run serve` does, and waits for its ready line. */
export async function startServerProcess(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? makeDataDir();
  const child = spawn(process.execPath, [serveScript], {
    cwd: repoRoot,
    env: { ...process.env, VOICE_PORT: '0', VOICE_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not become ready: ${stderr}`)), 20_000);
    const onData = (): void => {
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(JSON.parse(line) as { url: string; token: string });
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before ready: ${stderr}`));
    });
  });

  return {
    url: ready.url,
    token: ready.token,
    dataDir,
    child,
    stdoutLines: () => stdout.split('\n').filter(Boolean),
    stderrText: () => stderr,
    call: (method, path, requestOptions = {}) => httpCall(ready.url, method, path, { ...requestOptions, token: ready.token }),
    signInLink: () => signInLink(ready.url, ready.token),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs `serve.js` expecting it to refuse to start; resolves with its exit code and output. */
export function runServeToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [serveScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
