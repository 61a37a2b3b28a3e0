import { request as httpRequest } from 'node:http';
import type { HttpReply } from './server-process.js';

/**
 * Sends a body with `Transfer-Encoding: chunked` (no declared length), one chunk at a time, so the
 * server can only notice an oversized body by counting while it reads. Stops writing once a reply
 * arrives; a write error after the reply (the server closed a refused upload) is not a failure.
 */
export function chunkedCall(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; headers?: Record<string, string>; chunks: Buffer[] },
): Promise<HttpReply> {
  const url = new URL(path, baseUrl);
  const headers: Record<string, string> = { 'transfer-encoding': 'chunked', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: false },
      (res) => {
        answered = true;
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let json: unknown = undefined;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeNext = (index: number): void => {
      if (answered || req.destroyed) return;
      const chunk = options.chunks[index];
      if (chunk === undefined) {
        req.end();
        return;
      }
      req.write(chunk, (error) => {
        if (!error) setImmediate(() => writeNext(index + 1));
      });
    };
    writeNext(0);
  });
}

/**
 * Sends headers exactly as listed (name, value, name, value…), so a header may be repeated
 * (two `Host` lines), which a header object cannot express.
 */
export function rawHeadersCall(baseUrl: string, method: string, path: string, rawHeaders: string[], token?: string): Promise<HttpReply> {
  const url = new URL(path, baseUrl);
  const headers = token ? [...rawHeaders, 'Authorization', `Bearer ${token}`] : rawHeaders;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let json: unknown = undefined;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
