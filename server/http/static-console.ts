import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { decodePath } from './path-decoding.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The console's CSP: our own origin and WebSocket, plus Daily's call engine, which daily-js loads
 * from Daily's CDN only when the recruiter joins a call as an observer.
 */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self' https://c.daily.co",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port} https://*.daily.co wss://*.daily.co`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(port),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/**
 * Serves the built renderer. Hashed assets are cached forever; anything else that is not a file
 * gets index.html so client-side routes survive a reload.
 */
export function serveConsoleFile(consoleDir: string, pathname: string, res: ServerResponse, port: number, headOnly: boolean): void {
  const relative = normalize(decodePath(pathname)).replace(/^([/\\])+/, '');
  let file = join(consoleDir, relative);
  if (!file.startsWith(consoleDir + sep) && file !== consoleDir) file = join(consoleDir, 'index.html');
  if (!existsSync(file) || !statSync(file).isFile()) file = join(consoleDir, 'index.html');
  if (!existsSync(file)) {
    sendConsolePage(res, 503, port, 'The console has not been built', 'Run <code>npm run build</code>, then reload.');
    return;
  }
  const isHashedAsset = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    ...securityHeaders(port),
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': statSync(file).size,
    'cache-control': isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (headOnly) {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

/** A small static HTML page for states the console app itself cannot show (not signed in, not built). */
export function sendConsolePage(res: ServerResponse, status: number, port: number, title: string, bodyHtml: string): void {
  // No inline styles: the page is served under the same CSP as the console.
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Interview Console</title></head>
<body><h1>${title}</h1><p>${bodyHtml}</p></body></html>`;
  res.writeHead(status, {
    ...securityHeaders(port),
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  res.end(html);
}
