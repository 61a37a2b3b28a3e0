import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_BRIDGE_GLOBAL, OPEN_EXTERNAL_CHANNEL, PRINT_PDF_CHANNEL, SERVER_URL_ARG, type DesktopBridge } from '../contracts/desktop-bridge.js';

/**
 * The one bridge between the sandboxed console and the desktop. It exposes facts and two guarded
 * calls, never Node: the server's address (the renderer authenticates with its cookie, so no token
 * crosses here), which shell it runs in, opening a web link in the system browser, and printing a PDF.
 * Its shape, channels and flag are written once, in contracts/desktop-bridge.ts.
 */

const serverUrl = process.argv.find((arg) => arg.startsWith(SERVER_URL_ARG))?.slice(SERVER_URL_ARG.length) ?? '';

const bridge = {
  serverUrl,
  appInfo: { shell: 'electron', platform: process.platform },
  openExternal: (url: string) => (typeof url === 'string' ? (ipcRenderer.invoke(OPEN_EXTERNAL_CHANNEL, url) as Promise<boolean>) : Promise.resolve(false)),
  // Main checks the document with the shared schema; only the PDF's bytes come back.
  printPdf: (document: unknown) => ipcRenderer.invoke(PRINT_PDF_CHANNEL, document) as Promise<Uint8Array>,
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_GLOBAL, bridge);
