import { describe, expect, it } from 'vitest';
import { readBotSettings, SettingsError } from '../../bot/config/bot-settings.js';

const keys = { DEEPGRAM_API_KEY: 'dg', CARTESIA_API_KEY: 'ca', OPENAI_API_KEY: 'oa' };
const config = JSON.stringify({ bot_name: 'Ada', system_prompt: 'Interview well.' });

describe('bot settings from the environment', () => {
  it("reads the container's variables: the seed's, the bot token and the provider keys", () => {
    const settings = readBotSettings({
      ...keys,
      SESSION_ID: '7d1b6a0e-1111-4222-8333-944445555666',
      DAILY_ROOM_URL: 'https://acme.daily.co/room',
      DAILY_ROOM_TOKEN: 'meeting-token',
      BOT_CONFIG: config,
      WEBSOCKET_URL: 'ws://127.0.0.1:4780/api/voice/ws',
      BOT_TOKEN: 'vbt_abc',
    });
    expect(settings.transport).toBe('daily');
    expect(settings.daily).toEqual({ roomUrl: 'https://acme.daily.co/room', roomToken: 'meeting-token' });
    expect(settings.live).toEqual({ url: 'ws://127.0.0.1:4780/api/voice/ws', token: 'vbt_abc' });
    // Defaults are applied by the one config schema, so the bot sees a complete config.
    expect(settings.config.interview.max_duration_minutes).toBe(30);
    expect(settings.providers.deepgram.baseUrl).toBe('wss://api.deepgram.com');
    expect(settings.providers.cartesia.baseUrl).toBe('wss://api.cartesia.ai');
    expect(settings.providers.openai.baseUrl).toBe('https://api.openai.com/v1');
    expect(settings.behaviour.idleEndMs).toBe(45_000);
    // Patience reads the candidate's words unless a fixed wait is asked for; Flux's thresholds are Deepgram's defaults.
    expect(settings.behaviour.turnPatience).toBe('semantic');
    expect(settings.behaviour.flux).toEqual({ eagerEotThreshold: 0.5, eotThreshold: 0.7, eotTimeoutMs: 5000 });
  });

  it('takes every base URL and timing from the environment', () => {
    const settings = readBotSettings({
      ...keys,
      BOT_CONFIG: config,
      DEEPGRAM_API_URL: 'ws://127.0.0.1:1',
      CARTESIA_API_URL: 'ws://127.0.0.1:2',
      OPENAI_BASE_URL: 'http://127.0.0.1:3/v1',
      BOT_TURN_PATIENCE_MS: '900',
      BOT_IDLE_PROMPT_SECONDS: '2.5',
      CHROMIUM_EXTRA_ARGS: '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 --mute-audio',
    });
    expect(settings.transport).toBe('local');
    expect(settings.live).toBeNull();
    expect(settings.providers.deepgram.baseUrl).toBe('ws://127.0.0.1:1');
    expect(settings.providers.cartesia.baseUrl).toBe('ws://127.0.0.1:2');
    expect(settings.providers.openai.baseUrl).toBe('http://127.0.0.1:3/v1');
    expect(settings.behaviour.turnPatienceMs).toBe(900);
    expect(settings.behaviour.turnPatience).toBe('fixed');
    expect(settings.behaviour.idlePromptMs).toBe(2500);
    expect(settings.chromiumArgs).toEqual(['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1', '--mute-audio']);
  });

  it('names what is wrong', () => {
    expect(() => readBotSettings({ ...keys })).toThrow(new SettingsError('BOT_CONFIG is required'));
    expect(() => readBotSettings({ ...keys, BOT_CONFIG: '{' })).toThrow('BOT_CONFIG is not valid JSON');
    expect(() => readBotSettings({ ...keys, BOT_CONFIG: JSON.stringify({ bot_name: 'Ada' }) })).toThrow(/system_prompt/);
    expect(() => readBotSettings({ BOT_CONFIG: config })).toThrow('DEEPGRAM_API_KEY is required');
    expect(() => readBotSettings({ ...keys, BOT_CONFIG: config, DAILY_ROOM_URL: 'https://x.daily.co/r' })).toThrow('DAILY_ROOM_TOKEN is required');
    expect(() => readBotSettings({ ...keys, BOT_CONFIG: config, WEBSOCKET_URL: 'ws://x' })).toThrow('WEBSOCKET_URL and BOT_TOKEN go together');
    expect(() => readBotSettings({ ...keys, BOT_CONFIG: config, BOT_TURN_PATIENCE_MS: 'soon' })).toThrow(/BOT_TURN_PATIENCE_MS/);
    expect(() => readBotSettings({ ...keys, BOT_CONFIG: config, BOT_TURN_PATIENCE: 'relaxed' })).toThrow('BOT_TURN_PATIENCE must be semantic or fixed (got "relaxed")');
    expect(() => readBotSettings({ ...keys, BOT_CONFIG: config, BOT_FLUX_EAGER_EOT_THRESHOLD: '0.95' })).toThrow(/BOT_FLUX_EAGER_EOT_THRESHOLD must be between 0.3 and 0.9/);
  });
});

describe('where the bot reports, and its S3 fallback', () => {
  const base = { ...keys, BOT_CONFIG: config };
  const sessionId = '7d1b6a0e-1111-4222-8333-944445555666';
  const orgId = '0a1b2c3d-1111-4222-8333-944445555666';
  const token = `vbr_${'x'.repeat(42)}-`;
  const team = { SUPABASE_URL: 'https://abc.supabase.co/', SUPABASE_ANON_KEY: 'anon', BOT_REPORT_TOKEN: token, SESSION_ID: sessionId, ORG_ID: orgId };

  it('reports to the team project when its three values are set', () => {
    const settings = readBotSettings({ ...base, ...team, TRANSCRIPT_S3_BUCKET: 'acme-transcripts', AWS_REGION: 'eu-west-1' });
    expect(settings.team).toEqual({ supabaseUrl: 'https://abc.supabase.co', anonKey: 'anon', token });
    expect(settings.live).toBeNull();
    expect(settings.sessionId).toBe(sessionId);
    expect(settings.orgId).toBe(orgId);
    expect(settings.archive).toEqual({ bucket: 'acme-transcripts', region: 'eu-west-1' });
  });

  it('keeps the desktop socket, with or without a bucket', () => {
    const socket = { SESSION_ID: sessionId, WEBSOCKET_URL: 'ws://10.0.0.5:4780/api/voice/ws', BOT_TOKEN: 'vbt_abc' };
    expect(readBotSettings({ ...base, ...socket })).toMatchObject({ team: null, archive: null, live: { token: 'vbt_abc' } });
    expect(readBotSettings({ ...base, ...socket, ORG_ID: orgId, TRANSCRIPT_S3_BUCKET: 'b-1', AWS_DEFAULT_REGION: 'us-east-2' }).archive).toEqual({ bucket: 'b-1', region: 'us-east-2' });
  });

  it('refuses half or doubled reporting, a malformed credential, missing ids, and never echoes the credential', () => {
    expect(() => readBotSettings({ ...base, SUPABASE_URL: 'https://abc.supabase.co' })).toThrow('SUPABASE_URL, SUPABASE_ANON_KEY and BOT_REPORT_TOKEN go together');
    expect(() => readBotSettings({ ...base, ...team, WEBSOCKET_URL: 'ws://x/api/voice/ws', BOT_TOKEN: 'vbt_x' })).toThrow(/not both/);
    expect(() => readBotSettings({ ...base, ...team, BOT_REPORT_TOKEN: 'vbt_secret-value' })).toThrow(new SettingsError('BOT_REPORT_TOKEN must be vbr_ followed by 43 base64url characters'));
    expect(() => readBotSettings({ ...base, ...team, BOT_REPORT_TOKEN: `${token}x` })).toThrow(/BOT_REPORT_TOKEN/);
    expect(() => readBotSettings({ ...base, ...team, SUPABASE_URL: 'ftp://abc' })).toThrow(/http\(s\)/);
    expect(() => readBotSettings({ ...base, ...team, ORG_ID: undefined })).toThrow('ORG_ID is required with SUPABASE_URL');
    expect(() => readBotSettings({ ...base, ...team, SESSION_ID: 'seven' })).toThrow('SESSION_ID must be a UUID (got "seven")');
    expect(() => readBotSettings({ ...base, TRANSCRIPT_S3_BUCKET: 'b-1', AWS_REGION: 'us-east-1', SESSION_ID: sessionId })).toThrow('ORG_ID is required with TRANSCRIPT_S3_BUCKET');
    expect(readBotSettings({ ...base, ...team, TRANSCRIPT_S3_BUCKET: 'b-1' }).archive).toEqual({ bucket: 'b-1', region: 'us-east-1' });
    expect(() => readBotSettings({ ...base, ...team, TRANSCRIPT_S3_BUCKET: 'Bad_Bucket', AWS_REGION: 'x' })).toThrow(/bucket name/);
  });
});
