import { describe, expect, it } from 'vitest';
import { OPEN_EXTERNAL_CHANNEL } from '../../main/ipc-channels.js';
import { isAppUrl, isExternalWebUrl, isTrustedSender, mayNavigate, windowOpenDecision } from '../../main/url-guards.js';

const app = 'http://127.0.0.1:4780';

describe('navigation lock', () => {
  it('allows pages of the embedded server only', () => {
    expect(mayNavigate('http://127.0.0.1:4780/sessions/abc', app)).toBe(true);
    expect(mayNavigate('http://127.0.0.1:4780/?token=x', app)).toBe(true);
    expect(mayNavigate('http://127.0.0.1:4781/', app)).toBe(false);
    expect(mayNavigate('http://localhost:4780/', app)).toBe(false);
    expect(mayNavigate('https://example.com/', app)).toBe(false);
    expect(mayNavigate('file:///etc/passwd', app)).toBe(false);
    expect(mayNavigate('javascript:alert(1)', app)).toBe(false);
    expect(mayNavigate('not a url', app)).toBe(false);
  });

  it('does not mistake a look-alike host for the app', () => {
    expect(isAppUrl('http://127.0.0.1:4780.evil.example/', app)).toBe(false);
    expect(isAppUrl('http://user@127.0.0.1:4780/', app)).toBe(true);
  });
});

describe('external links', () => {
  it('hands plain web pages to the browser', () => {
    expect(isExternalWebUrl('https://docs.daily.co/guides', app)).toBe(true);
    expect(isExternalWebUrl('http://example.com/', app)).toBe(true);
  });

  it('refuses other schemes, credentials in the address, and the app itself', () => {
    expect(isExternalWebUrl('file:///C:/Windows/system32/calc.exe', app)).toBe(false);
    expect(isExternalWebUrl('smb://server/share', app)).toBe(false);
    expect(isExternalWebUrl('javascript:alert(1)', app)).toBe(false);
    expect(isExternalWebUrl('https://user:pass@example.com/', app)).toBe(false);
    expect(isExternalWebUrl('http://127.0.0.1:4780/sessions', app)).toBe(false);
  });

  it('never opens a new Electron window', () => {
    expect(windowOpenDecision('https://example.com/', app)).toEqual({ action: 'deny', openExternally: true });
    expect(windowOpenDecision('http://127.0.0.1:4780/sessions', app)).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('file:///etc/hosts', app)).toEqual({ action: 'deny', openExternally: false });
  });
});

describe('IPC sender check', () => {
  it('answers only the app page in the main frame', () => {
    expect(OPEN_EXTERNAL_CHANNEL).toBe('console:open-external');
    expect(isTrustedSender('http://127.0.0.1:4780/sessions', true, app)).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:4780/sessions', false, app)).toBe(false);
    expect(isTrustedSender('https://room.daily.co/call', true, app)).toBe(false);
    expect(isTrustedSender(undefined, true, app)).toBe(false);
  });
});
