/**
 * Where the console window may go. It shows only pages of the embedded server; web links leave
 * for the user's browser, and only plain http(s) ones without credentials in them.
 */
function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Same origin as the embedded server (scheme, host and port). */
export function isAppUrl(url: string, serverUrl: string): boolean {
  const target = parse(url);
  const app = parse(serverUrl);
  return target !== null && app !== null && target.origin === app.origin;
}

/** An http(s) page outside the app that may be handed to the system browser. */
export function isExternalWebUrl(url: string, serverUrl: string): boolean {
  const target = parse(url);
  if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:')) return false;
  if (target.username || target.password) return false;
  return !isAppUrl(url, serverUrl);
}

/** In-window navigation (links, redirects, location changes): only within the app. */
export function mayNavigate(url: string, serverUrl: string): boolean {
  return isAppUrl(url, serverUrl);
}

/** window.open / target=_blank: never a new Electron window; web pages go to the browser. */
export function windowOpenDecision(url: string, serverUrl: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isExternalWebUrl(url, serverUrl) };
}

/** IPC is answered only for the app's own top-level page, never for a frame it embeds. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, serverUrl: string): boolean {
  return isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl, serverUrl);
}
