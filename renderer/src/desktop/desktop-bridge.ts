import type { DesktopBridge as BridgeContract } from '../../../contracts/desktop-bridge.js';

/**
 * What the Electron preload exposes as `window.interviewConsole` (contracts/desktop-bridge.ts),
 * checked at run time. printPdf may be absent (older desktop builds); in a browser there is no
 * bridge and the console works the same.
 */
export type DesktopBridge = Omit<BridgeContract, 'printPdf'> & Partial<Pick<BridgeContract, 'printPdf'>>;

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
