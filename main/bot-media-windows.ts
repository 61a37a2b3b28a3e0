import { BrowserWindow, session } from 'electron';
import { allowBotPagePermission, botMediaWindowPreferences, isBotPageUrl } from './bot-media-policy.js';

/**
 * On the desktop, each local bot's media page (daily-js in the room) runs in a hidden Electron
 * window, so no separate browser is needed: the bot asks for it on its stdout (`open-page` /
 * `close-page`) and the local runner relays that here. The windows live in their own session
 * partition, apart from the console's cookies and policies.
 */
export class BotMediaWindows {
  private readonly windows = new Map<string, BrowserWindow>();
  private policyInstalled = false;

  show(sessionId: string, url: string | null): void {
    this.windows.get(sessionId)?.destroy();
    this.windows.delete(sessionId);
    if (url === null || !isBotPageUrl(url)) return;
    this.installPolicy();
    const window = new BrowserWindow({ show: false, width: 640, height: 480, webPreferences: { ...botMediaWindowPreferences } });
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    window.on('closed', () => {
      if (this.windows.get(sessionId) === window) this.windows.delete(sessionId);
    });
    this.windows.set(sessionId, window);
    void window.loadURL(url);
  }

  closeAll(): void {
    for (const window of this.windows.values()) window.destroy();
    this.windows.clear();
  }

  private installPolicy(): void {
    if (this.policyInstalled) return;
    this.policyInstalled = true;
    const media = session.fromPartition(botMediaWindowPreferences.partition);
    media.setPermissionRequestHandler((_contents, permission, callback, details) => {
      const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
      callback(allowBotPagePermission(permission, details.requestingUrl, mediaTypes));
    });
    media.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
      allowBotPagePermission(permission, requestingOrigin, 'mediaType' in details && details.mediaType ? [details.mediaType] : undefined),
    );
  }
}
