/**
 * The desktop window's Content-Security-Policy. It is the server's console policy (only our own
 * origin and our own WebSocket) plus what a Daily call needs when the recruiter joins one: the
 * call engine script from Daily's CDN, its HTTPS/WSS endpoints, and blob: media.
 */
export const DAILY_SCRIPT_ORIGIN = 'https://c.daily.co';

export function desktopContentSecurityPolicy(serverUrl: string): string {
  const app = new URL(serverUrl);
  const socket = `ws://${app.host}`;
  return [
    "default-src 'self'",
    `script-src 'self' ${DAILY_SCRIPT_ORIGIN}`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${socket} https://*.daily.co wss://*.daily.co`,
    "worker-src 'self' blob:",
    'frame-src https://*.daily.co',
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}
