/**
 * Which browser permissions the console may get. Microphone and camera only for the Daily call
 * origin (https://*.daily.co), where a call runs; the clipboard write for the app itself (copy a
 * join link or a transcript); everything else (geolocation, notifications, MIDI, USB...) is refused.
 */
export interface PermissionRequest {
  permission: string;
  /** The origin (or URL) of the frame asking. */
  requestingUrl: string;
  /** For 'media': which devices ('audio', 'video'). */
  mediaTypes?: readonly string[];
}

export function isDailyCallOrigin(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && (parsed.hostname === 'daily.co' || parsed.hostname.endsWith('.daily.co')) && parsed.port === '';
  } catch {
    return false;
  }
}

function sameOrigin(url: string, serverUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(serverUrl).origin;
  } catch {
    return false;
  }
}

const CALL_DEVICES = new Set(['audio', 'video']);
const APP_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function allowPermission(request: PermissionRequest, serverUrl: string): boolean {
  if (request.permission === 'media') {
    const devices = request.mediaTypes ?? [];
    return isDailyCallOrigin(request.requestingUrl) && devices.every((device) => CALL_DEVICES.has(device));
  }
  if (APP_PERMISSIONS.has(request.permission)) return sameOrigin(request.requestingUrl, serverUrl);
  return false;
}
