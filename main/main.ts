import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, shell } from 'electron';
import { readAppVersion } from '../server/runtime/app-version.js';
import { createLogger } from '../server/runtime/logger.js';
import { startVoiceServer, type RunningVoiceServer } from '../server/voice-server.js';

/**
 * The Electron main process: hosts the same voice server `npm run serve` runs, and shows the
 * console from it in a sandboxed window. The renderer signs in through the one-time token link.
 */
const appRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');
let server: RunningVoiceServer | null = null;

async function openWindow(running: RunningVoiceServer): Promise<void> {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Interview Console',
    show: false,
    webPreferences: {
      preload: join(appRoot, 'dist', 'preload', 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      additionalArguments: [`--voice-server-url=${running.url}`],
    },
  });
  window.once('ready-to-show', () => window.show());
  // Navigation stays inside the console; links to the web open in the user's browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${running.url}/`)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url) && !url.startsWith(running.url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  await window.loadURL(`${running.url}/?token=${encodeURIComponent(running.token)}`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.whenReady().then(async () => {
    server = await startVoiceServer({
      port: 0,
      dataDir: process.env.VOICE_DATA_DIR || app.getPath('userData'),
      migrationsDir: join(appRoot, 'migrations', 'sqlite'),
      consoleDir: join(appRoot, 'dist', 'renderer'),
      version: readAppVersion(appRoot),
      logger: createLogger('info'),
      nativeBinding: process.env.VOICE_SQLITE_BINDING || undefined,
    });
    await openWindow(server);
  }).catch((error: unknown) => {
    console.error(error);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!server) return;
    event.preventDefault();
    const running = server;
    server = null;
    void running.close().finally(() => app.quit());
  });
}
