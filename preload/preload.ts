import { contextBridge, ipcRenderer } from 'electron';

/**
 * The one bridge between the sandboxed console and the desktop. It exposes facts and two guarded
 * calls, never Node: the server's address (the renderer authenticates with its cookie, so no token
 * crosses here), which shell it runs in, opening a web link in the system browser, and printing a PDF.
 * The flag and channel names repeat main/window-options.ts and main/ipc-channels.ts.
 */
const SERVER_URL_ARG = '--voice-server-url=';
const OPEN_EXTERNAL_CHANNEL = 'console:open-external';
const PRINT_PDF_CHANNEL = 'console:print-pdf';

const serverUrl = process.argv.find((arg) => arg.startsWith(SERVER_URL_ARG))?.slice(SERVER_URL_ARG.length) ?? '';

export interface InterviewConsoleBridge {
  serverUrl: string;
  appInfo: { shell: 'electron'; platform: string };
  openExternal(url: string): Promise<boolean>;
  /** Prints a text-only document (contracts/print-document.ts) to PDF with Electron's Chromium. */
  printPdf(document: unknown): Promise<Uint8Array>;
}

const bridge: InterviewConsoleBridge = {
  serverUrl,
  appInfo: { shell: 'electron', platform: process.platform },
  openExternal: (url: string) => (typeof url === 'string' ? (ipcRenderer.invoke(OPEN_EXTERNAL_CHANNEL, url) as Promise<boolean>) : Promise.resolve(false)),
  // Main checks the document with the shared schema; only the PDF's bytes come back.
  printPdf: (document: unknown) => ipcRenderer.invoke(PRINT_PDF_CHANNEL, document) as Promise<Uint8Array>,
};

contextBridge.exposeInMainWorld('interviewConsole', bridge);
