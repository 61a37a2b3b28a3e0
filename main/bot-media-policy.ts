/**
 * Rules for the hidden windows that carry interview bots' media (their Daily page): what they may
 * load and ask for. Kept free of Electron imports so it is unit-tested without the binary.
 */

/** A bot's own page: served by the bot process on this machine's loopback, nowhere else. */
export function isBotPageUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost') && parsed.port !== '';
  } catch {
    return false;
  }
}

/**
 * The bot page plays the interviewer's voice and hears the candidate through daily-js; it needs
 * audio and autoplay, from its own loopback origin only, and nothing else (no camera, no screen).
 */
export function allowBotPagePermission(permission: string, requestingUrl: string, mediaTypes: readonly string[] | undefined): boolean {
  if (!isBotPageUrl(requestingUrl)) return false;
  if (permission === 'media') return (mediaTypes ?? []).every((type) => type === 'audio');
  return permission === 'speaker-selection';
}

/** The hidden window's web preferences: sandboxed like every window, and never throttled when unseen. */
export const botMediaWindowPreferences = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  webviewTag: false,
  backgroundThrottling: false,
  autoplayPolicy: 'no-user-gesture-required',
  partition: 'bot-media',
} as const;
