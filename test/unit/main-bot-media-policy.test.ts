import { describe, expect, it } from 'vitest';
import { allowBotPagePermission, botMediaWindowPreferences, isBotPageUrl } from '../../main/bot-media-policy.js';

describe('hidden bot media windows', () => {
  it('load only a bot page served on this machine', () => {
    expect(isBotPageUrl('http://127.0.0.1:41234/daily?key=abc')).toBe(true);
    expect(isBotPageUrl('http://localhost:41234/')).toBe(true);
    expect(isBotPageUrl('https://acme.daily.co/room')).toBe(false);
    expect(isBotPageUrl('http://127.0.0.1/no-port')).toBe(false);
    expect(isBotPageUrl('file:///etc/passwd')).toBe(false);
    expect(isBotPageUrl('not a url')).toBe(false);
  });

  it('grant audio to the bot page and nothing else', () => {
    const page = 'http://127.0.0.1:41234/daily';
    expect(allowBotPagePermission('media', page, ['audio'])).toBe(true);
    expect(allowBotPagePermission('media', page, ['audio', 'video'])).toBe(false);
    expect(allowBotPagePermission('media', 'https://evil.example', ['audio'])).toBe(false);
    expect(allowBotPagePermission('geolocation', page, undefined)).toBe(false);
    expect(allowBotPagePermission('notifications', page, undefined)).toBe(false);
  });

  it('stay sandboxed, unthrottled, and apart from the console session', () => {
    expect(botMediaWindowPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, backgroundThrottling: false });
    expect(botMediaWindowPreferences.partition).not.toBe('');
  });
});
