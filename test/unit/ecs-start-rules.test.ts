import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reportingEnv } from '../../server/bot-runner/bot-runner.js';
import { statusPath } from '../../server/integrations/fallback-import.js';
import { isUnreachableFromOutside } from '../../server/integrations/public-address.js';
import { mintReportCredential } from '../../server/integrations/report-credential.js';

describe('addresses a bot outside this machine can never reach', () => {
  it.each([
    'ws://127.0.0.1:4780/api/voice/ws',
    'ws://127.255.0.9/api/voice/ws',
    'ws://localhost/api/voice/ws',
    'wss://LOCALHOST:443/api/voice/ws',
    'wss://console.localhost/api/voice/ws',
    'ws://[::1]:4780/api/voice/ws',
    'ws://[0:0:0:0:0:0:0:1]/api/voice/ws',
    'ws://[::ffff:127.0.0.1]/api/voice/ws',
    'ws://[::]/api/voice/ws',
    'ws://0.0.0.0:4780/api/voice/ws',
    'ws://2130706433/api/voice/ws',
    'not a url',
  ])('%s is refused', (url) => {
    expect(isUnreachableFromOutside(url)).toBe(true);
  });

  it.each(['wss://tunnel.example.com/api/voice/ws', 'ws://203.0.113.7:4780/api/voice/ws', 'ws://[2001:db8::1]/api/voice/ws', 'wss://128.0.0.1/api/voice/ws', 'wss://localhost.example.com/x'])(
    '%s is allowed',
    (url) => {
      expect(isUnreachableFromOutside(url)).toBe(false);
    },
  );
});

describe('the reporting credential', () => {
  it('is vbr_ + 32 random bytes in base64url, and its hash is the lowercase hex SHA-256 of the token', () => {
    const one = mintReportCredential();
    const two = mintReportCredential();
    expect(one.token).toMatch(/^vbr_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(one.token.slice(4), 'base64url')).toHaveLength(32);
    expect(one.hash).toBe(createHash('sha256').update(one.token, 'utf8').digest('hex'));
    expect(one.token).not.toBe(two.token);
  });
});

describe('the reporting part of a bot environment', () => {
  const orgId = '8d7f6c1e-7a57-4a0e-9f2b-3c1d2e4f5a6b';
  it('gives a team bot the project, its credential and the org, and no socket', () => {
    const env = reportingEnv({ orgId, reporting: { kind: 'team', supabaseUrl: 'https://p.supabase.co', anonKey: 'anon', reportToken: 'vbr_x' }, archive: { bucket: 'b', region: 'eu-west-1' } });
    expect(env).toEqual({ SUPABASE_URL: 'https://p.supabase.co', SUPABASE_ANON_KEY: 'anon', BOT_REPORT_TOKEN: 'vbr_x', ORG_ID: orgId, TRANSCRIPT_S3_BUCKET: 'b', AWS_REGION: 'eu-west-1' });
  });

  it('gives a socket bot its address and token, and the bucket only when one is set', () => {
    expect(reportingEnv({ orgId, reporting: { kind: 'socket', websocketUrl: 'wss://t/api/voice/ws', botToken: 'vbt' } })).toEqual({ WEBSOCKET_URL: 'wss://t/api/voice/ws', BOT_TOKEN: 'vbt' });
    expect(reportingEnv({ orgId, reporting: { kind: 'socket', websocketUrl: 'wss://t/api/voice/ws', botToken: 'vbt' }, archive: { bucket: 'b', region: '' } })).toEqual({
      WEBSOCKET_URL: 'wss://t/api/voice/ws',
      BOT_TOKEN: 'vbt',
      ORG_ID: orgId,
      TRANSCRIPT_S3_BUCKET: 'b',
    });
  });
});

describe('the status walk of a fallback import', () => {
  it('takes the shortest legal path, and none where there is none', () => {
    expect(statusPath('ready', 'completed')).toEqual(['active', 'completed']);
    expect(statusPath('pending', 'completed')).toEqual(['ready', 'active', 'completed']);
    expect(statusPath('active', 'active')).toEqual([]);
    expect(statusPath('completed', 'failed')).toBeNull();
    expect(statusPath('active', 'ready')).toBeNull();
  });
});
