/**
 * What the Electron preload exposes as `window.interviewConsole` (see preload/preload.ts; the
 * renderer may not import it, so the shape is restated here and checked at run time). In a
 * browser it is absent and the console works the same.
 */
export interface DesktopBridge {
  serverUrl: string;
  appInfo: { shell: 'electron'; platform: string };
  openExternal(url: string): Promise<boolean>;
  /** Prints a document to PDF with Electron's Chromium (absent in older desktop builds). */
  printPdf?(document: unknown): Promise<Uint8Array>;
}

export function desktopBridge(): DesktopBridge | null {
  const candidate = (window as unknown as { interviewConsole?: Partial<DesktopBridge> }).interviewConsole;
  if (!candidate || typeof candidate.serverUrl !== 'string' || typeof candidate.openExternal !== 'function') return null;
  return candidate as DesktopBridge;
}

/** Opens a web page outside the console: the desktop's guarded openExternal, or a new browser tab. */
export function openExternal(url: string): void {
  if (!/^https?:\/\//i.test(url)) return;
  const bridge = desktopBridge();
  if (bridge) void bridge.openExternal(url);
  else window.open(url, '_blank', 'noopener,noreferrer');
}
