import { describe, expect, it } from 'vitest';
import { chromiumCandidates, findSystemChromium, NoChromiumError } from '../../bot/transports/system-chromium.js';

describe('finding the installed browser for the bot’s call page', () => {
  it('takes CHROMIUM_PATH when it exists, and says so when it does not', () => {
    expect(findSystemChromium('/opt/chrome/chrome', 'linux', {}, (path) => path === '/opt/chrome/chrome')).toBe('/opt/chrome/chrome');
    expect(() => findSystemChromium('/opt/missing', 'linux', {}, () => false)).toThrow(new NoChromiumError('CHROMIUM_PATH points to /opt/missing, which does not exist'));
  });

  it('finds Chrome, Chromium or Edge where each OS installs them, first match wins', () => {
    const mac = '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(findSystemChromium(null, 'darwin', {}, (path) => path === mac || path.includes('Brave'))).toBe(mac);
    const win = 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe';
    const winEnv = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' };
    expect(chromiumCandidates('win32', winEnv).map((path) => path.replaceAll('/', '\\'))).toContain(win);
    expect(findSystemChromium(null, 'linux', {}, (path) => path === '/usr/bin/google-chrome' || path === '/snap/bin/chromium')).toBe('/usr/bin/google-chrome');
  });

  it('names what to do when no browser is installed', () => {
    expect(() => findSystemChromium(null, 'darwin', {}, () => false)).toThrow(/install Chrome, or set CHROMIUM_PATH/);
  });

  it('finds the Chromium this machine really has', () => {
    expect(findSystemChromium(null)).toBe('/usr/bin/chromium');
  });
});
