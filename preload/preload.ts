import { contextBridge } from 'electron';

/**
 * The one bridge between the sandboxed console and the desktop. It exposes facts, never Node:
 * the server's address (the renderer authenticates with its cookie) and which shell it runs in.
 */
const serverUrl = process.argv.find((arg) => arg.startsWith('--voice-server-url='))?.split('=')[1] ?? '';

contextBridge.exposeInMainWorld('interviewConsole', {
  serverUrl,
  appInfo: { shell: 'electron', platform: process.platform },
});
