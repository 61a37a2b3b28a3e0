import { isIP } from 'node:net';

/**
 * Is this WebSocket URL one a bot outside this machine could never reach? Loopback names and
 * addresses (127.0.0.0/8, ::1, localhost and its subdomains) and the unspecified 0.0.0.0 / ::
 * point back at whichever machine dials them: a task in AWS would dial itself.
 */
export function isUnreachableFromOutside(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return true;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '' || host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.') || host === '0.0.0.0';
  if (isIP(host) === 6) {
    // WHATWG URL parsing has already compressed the address (0:0:0:0:0:0:0:1 is ::1 here) and
    // written IPv4-mapped ones in hex (::ffff:127.0.0.1 is ::ffff:7f00:1).
    return host === '::1' || host === '::' || /^::ffff:7f[0-9a-f]{2}:/.test(host) || host === '::ffff:0:0';
  }
  return false;
}
