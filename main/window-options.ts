import type { BrowserWindowConstructorOptions } from 'electron';
import { SERVER_URL_ARG } from '../contracts/desktop-bridge.js';

/** The flag the preload reads the server's address from (Electron passes it in the renderer's argv). */
export { SERVER_URL_ARG };

/**
 * The console window, locked down as the Electron security checklist asks: the renderer is a
 * sandboxed web page with no Node, isolated from the preload, with no <webview> and no way to
 * load remote content into a privileged context.
 */
export function consoleWindowOptions(preloadPath: string, serverUrl: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Interview Console',
    show: false,
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      additionalArguments: [`${SERVER_URL_ARG}${serverUrl}`],
    },
  };
}
