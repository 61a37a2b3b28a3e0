/**
 * The desktop bridge, written once: what the Electron preload exposes to the console as
 * `window.interviewConsole` (preload/preload.ts checks its object against this type with
 * `satisfies`), the IPC channels main answers it on, and the argument that hands the window the
 * server's address. In a browser there is no bridge and the console works the same.
 */
export interface DesktopBridge {
  serverUrl: string;
  appInfo: { shell: 'electron'; platform: string };
  /** Opens an http(s) link in the system browser (main checks it is not our own server). */
  openExternal(url: string): Promise<boolean>;
  /** Prints a text-only document (contracts/print-document.ts) to PDF with Electron's Chromium. */
  printPdf(document: unknown): Promise<Uint8Array>;
}

/** The global the preload defines in the console's page. */
export const DESKTOP_BRIDGE_GLOBAL = 'interviewConsole';
/** IPC channels of the bridge's calls (main/ipc-channels.ts handles them). */
export const OPEN_EXTERNAL_CHANNEL = 'console:open-external';
export const PRINT_PDF_CHANNEL = 'console:print-pdf';
/** The window's extra process argument carrying the server's address to the preload. */
export const SERVER_URL_ARG = '--voice-server-url=';
