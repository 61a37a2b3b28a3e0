import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, shell, utilityProcess, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { readAppVersion } from '../server/runtime/app-version.js';
import { createLogger } from '../server/runtime/logger.js';
import { startVoiceServer, type RunningVoiceServer } from '../server/voice-server.js';
import { desktopContentSecurityPolicy } from './content-security-policy.js';
import { printDocument } from '../contracts/print-document.js';
import { OPEN_EXTERNAL_CHANNEL, PRINT_PDF_CHANNEL } from './ipc-channels.js';
import { electronPdfPrinter } from './pdf-printer.js';
import { leaveChosen, leavePromptOptions } from './leave-prompt.js';
import { allowPermission } from './permission-rules.js';
import { isExternalWebUrl, isTrustedSender, mayNavigate, windowOpenDecision } from './url-guards.js';
import { consoleWindowOptions } from './window-options.js';
import { BotMediaWindows } from './bot-media-windows.js';
import { utilityBotSpawner } from './utility-bot-spawner.js';

/**
 * The Electron main process: hosts the same voice server `npm run serve` runs, and shows the
 * console from it in a sandboxed window. The renderer signs in through a sign-in link with a
 * single-use code, which the server swaps for an HttpOnly cookie, so page scripts never hold a
 * reusable credential.
 */
const appRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');
const logger = createLogger('info');
let server: RunningVoiceServer | null = null;
const botMediaWindows = new BotMediaWindows();
let mainWindow: BrowserWindow | null = null;

/** The one guarded way out to the system browser. */
function openExternal(url: string, serverUrl: string): boolean {
  if (!isExternalWebUrl(url, serverUrl)) return false;
  void shell.openExternal(url);
  return true;
}

/** Every web contents (windows, frames' hosts) gets the same navigation lock. */
function lockDown(contents: WebContents, serverUrl: string): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (!mayNavigate(url, serverUrl)) {
      event.preventDefault();
      openExternal(url, serverUrl);
    }
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, serverUrl);
    if (decision.openExternally) openExternal(url, serverUrl);
    return { action: decision.action };
  });
}

function installSessionPolicy(serverUrl: string): void {
  const policy = desktopContentSecurityPolicy(serverUrl);
  session.defaultSession.webRequest.onHeadersReceived({ urls: [`${serverUrl}/*`] }, (details, callback) => {
    // The server's own policy is replaced, not added to: two CSP headers would both apply.
    const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'));
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(allowPermission({ permission, requestingUrl: details.requestingUrl, mediaTypes }, serverUrl));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowPermission({ permission, requestingUrl: requestingOrigin, mediaTypes: 'mediaType' in details && details.mediaType ? [details.mediaType] : undefined }, serverUrl),
  );
}

function installIpc(serverUrl: string): void {
  const requireTrusted = (event: IpcMainInvokeEvent): void => {
    const frame = event.senderFrame;
    if (!frame || !isTrustedSender(frame.url, frame === event.sender.mainFrame, serverUrl)) {
      throw new Error('This sender may not use the desktop bridge');
    }
  };
  ipcMain.handle(OPEN_EXTERNAL_CHANNEL, (event, url: unknown) => {
    requireTrusted(event);
    return typeof url === 'string' && openExternal(url, serverUrl);
  });
  // PDF exports: the same text-only document web mode sends its server, checked by the same schema.
  const printPdf = electronPdfPrinter();
  ipcMain.handle(PRINT_PDF_CHANNEL, (event, document: unknown) => {
    requireTrusted(event);
    return printPdf(printDocument.parse(document));
  });
}

async function openWindow(running: RunningVoiceServer): Promise<void> {
  const window = new BrowserWindow(consoleWindowOptions(join(appRoot, 'dist', 'preload', 'preload.cjs'), running.url));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  // The console objected to unloading (unsaved edits): ask, and unload only if the user chooses to leave.
  window.webContents.on('will-prevent-unload', (event) => {
    if (leaveChosen(dialog.showMessageBoxSync(window, leavePromptOptions))) event.preventDefault();
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    // Hidden bot windows do not keep the app alive once the console is closed.
    app.quit();
  });
  await window.loadURL(running.signInLink());
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app
    .whenReady()
    .then(async () => {
      server = await startVoiceServer({
        port: 0,
        dataDir: process.env.VOICE_DATA_DIR || app.getPath('userData'),
        migrationsDir: join(appRoot, 'migrations', 'sqlite'),
        consoleDir: join(appRoot, 'dist', 'renderer'),
        version: readAppVersion(appRoot),
        logger,
        searchWorkerScript: join(appRoot, 'dist', 'server', 'store', 'search-worker.js'),
        // On the desktop, interviews run their bot on this machine unless Settings says ECS, each in
        // a utility process (Electron's own Node, so a packaged app needs no Node installed). Their
        // media pages run in hidden windows of this app rather than in a separate browser.
        localBots: {
          entry: join(appRoot, 'dist', 'bot', 'main.js'),
          spawner: utilityBotSpawner((modulePath, args, options) => utilityProcess.fork(modulePath, args, options)),
          env: { BOT_MEDIA_HOST: 'external' },
          onMediaPage: ({ sessionId, url }) => botMediaWindows.show(sessionId, url),
        },
        defaultBotRunner: 'local',
      });
      const serverUrl = server.url;
      app.on('web-contents-created', (_event, contents) => lockDown(contents, serverUrl));
      installSessionPolicy(serverUrl);
      installIpc(serverUrl);
      await openWindow(server);
    })
    .catch((error: unknown) => {
      logger.error('the desktop app could not start', { error: error instanceof Error ? error.message : String(error) });
      app.exit(1);
    });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!server) return;
    event.preventDefault();
    const running = server;
    server = null;
    void running.close().finally(() => {
      botMediaWindows.closeAll();
      app.quit();
    });
  });
}
