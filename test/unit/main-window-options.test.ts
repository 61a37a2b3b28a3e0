import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  OPEN_EXTERNAL_CHANNEL as CONTRACT_OPEN_EXTERNAL,
  PRINT_PDF_CHANNEL as CONTRACT_PRINT_PDF,
  SERVER_URL_ARG as CONTRACT_SERVER_URL_ARG,
} from '../../contracts/desktop-bridge.js';
import { OPEN_EXTERNAL_CHANNEL, PRINT_PDF_CHANNEL } from '../../main/ipc-channels.js';
import { consoleWindowOptions, SERVER_URL_ARG } from '../../main/window-options.js';
import { repoRoot } from '../support/server-process.js';

describe('console window options', () => {
  const options = consoleWindowOptions('/app/dist/preload/preload.cjs', 'http://127.0.0.1:4780');
  const prefs = options.webPreferences ?? {};

  it('sandboxes the renderer with context isolation and no Node', () => {
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('hands the preload its script and the server address, and shows only when ready', () => {
    expect(prefs.preload).toBe('/app/dist/preload/preload.cjs');
    expect(prefs.additionalArguments).toEqual([`${SERVER_URL_ARG}http://127.0.0.1:4780`]);
    expect(options.show).toBe(false);
  });
});

describe('main/ modules that tests load without Electron', () => {
  it.each(['window-options.ts', 'url-guards.ts', 'permission-rules.ts', 'content-security-policy.ts', 'ipc-channels.ts'])(
    '%s imports electron for types only',
    (file) => {
      const source = readFileSync(join(repoRoot, 'main', file), 'utf8');
      const runtimeImports = source.split('\n').filter((line) => /^import\s/.test(line) && /['"]electron['"]/.test(line) && !/^import type\s/.test(line));
      expect(runtimeImports).toEqual([]);
    },
  );

  it('the preload takes the flag, channels and bridge type from the one contract main uses too', () => {
    const preload = readFileSync(join(repoRoot, 'preload', 'preload.ts'), 'utf8');
    expect(preload).toContain("from '../contracts/desktop-bridge.js'");
    expect(preload).toContain('satisfies DesktopBridge');
    expect(preload).not.toContain(`'${SERVER_URL_ARG}'`);
    expect(preload).not.toContain("'console:open-external'");
    expect(SERVER_URL_ARG).toBe(CONTRACT_SERVER_URL_ARG);
    expect([OPEN_EXTERNAL_CHANNEL, PRINT_PDF_CHANNEL]).toEqual([CONTRACT_OPEN_EXTERNAL, CONTRACT_PRINT_PDF]);
  });
});
