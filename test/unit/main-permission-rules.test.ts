import { describe, expect, it } from 'vitest';
import { desktopContentSecurityPolicy } from '../../main/content-security-policy.js';
import { allowPermission, isDailyCallOrigin } from '../../main/permission-rules.js';

const app = 'http://127.0.0.1:4780';

describe('permission rules', () => {
  it('recognises the Daily call origin and nothing that only resembles it', () => {
    expect(isDailyCallOrigin('https://acme.daily.co')).toBe(true);
    expect(isDailyCallOrigin('https://acme.daily.co/room-1')).toBe(true);
    expect(isDailyCallOrigin('https://daily.co')).toBe(true);
    expect(isDailyCallOrigin('http://acme.daily.co')).toBe(false);
    expect(isDailyCallOrigin('https://acme.daily.co.evil.example')).toBe(false);
    expect(isDailyCallOrigin('https://evildaily.co')).toBe(false);
    expect(isDailyCallOrigin('https://acme.daily.co:8443')).toBe(false);
    expect(isDailyCallOrigin('garbage')).toBe(false);
  });

  it('grants microphone and camera to the Daily call only', () => {
    expect(allowPermission({ permission: 'media', requestingUrl: 'https://acme.daily.co/room', mediaTypes: ['audio'] }, app)).toBe(true);
    expect(allowPermission({ permission: 'media', requestingUrl: 'https://acme.daily.co/room', mediaTypes: ['audio', 'video'] }, app)).toBe(true);
    expect(allowPermission({ permission: 'media', requestingUrl: app, mediaTypes: ['audio'] }, app)).toBe(false);
    expect(allowPermission({ permission: 'media', requestingUrl: 'https://example.com', mediaTypes: ['video'] }, app)).toBe(false);
    expect(allowPermission({ permission: 'media', requestingUrl: 'https://acme.daily.co', mediaTypes: ['screen'] }, app)).toBe(false);
  });

  it('lets the app write to the clipboard and refuses everything else', () => {
    expect(allowPermission({ permission: 'clipboard-sanitized-write', requestingUrl: `${app}/sessions` }, app)).toBe(true);
    expect(allowPermission({ permission: 'clipboard-sanitized-write', requestingUrl: 'https://acme.daily.co' }, app)).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'midi', 'openExternal', 'clipboard-read', 'display-capture', 'hid', 'serial', 'usb']) {
      expect(allowPermission({ permission, requestingUrl: app }, app)).toBe(false);
      expect(allowPermission({ permission, requestingUrl: 'https://acme.daily.co' }, app)).toBe(false);
    }
  });
});

describe('desktop content security policy', () => {
  const policy = desktopContentSecurityPolicy('http://127.0.0.1:4780');
  const directive = (name: string): string => policy.split('; ').find((part) => part.startsWith(`${name} `)) ?? '';

  it('allows only our own scripts and styles, plus the Daily call engine', () => {
    expect(directive('script-src')).toBe("script-src 'self' https://c.daily.co");
    expect(directive('style-src')).toBe("style-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
  });

  it('connects to our server, our WebSocket and Daily only', () => {
    expect(directive('connect-src')).toBe("connect-src 'self' ws://127.0.0.1:4780 https://*.daily.co wss://*.daily.co");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
  });
});
