import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { BotTokenGrant, VoiceSession } from '../../contracts/session.js';
import { BotClient } from '../support/bot-client.js';

export interface LiveWriter {
  /** Stops writing; resolves with how many final segments the server stored meanwhile. */
  stop(): Promise<{ stored: number; seconds: number }>;
}

/**
 * A live interview's bot, storing final segments at a steady rate over the real bot socket while a
 * load cell runs. Every stored segment is a commit, so the list replies the server reuses are
 * invalidated as often as they would be while interviews run: the cache's figures without this are
 * its best case.
 */
export async function startLiveWriter(server: { url: string; token: string }, orgId: string, segmentsPerSecond: number): Promise<LiveWriter> {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, server.url), {
      method,
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return (JSON.parse(text) as ApiSuccess<T>).data;
  };
  const session = await call<VoiceSession>('POST', '/api/voice/sessions', { orgId, interviewType: 'technical', candidateName: 'Bench Candidate' });
  await call('PUT', `/api/voice/sessions/${session.id}`, { status: 'ready' });
  await call('PUT', `/api/voice/sessions/${session.id}`, { status: 'active' });
  const grant = await call<BotTokenGrant>('POST', `/api/voice/sessions/${session.id}/bot-token`);
  const bot = await BotClient.connect(server.url, grant.botToken);

  const startedAt = Date.now();
  let seq = 0;
  let stored = 0;
  let writing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    const segment = { seq, speaker: seq % 2 ? 'candidate' : 'bot', text: `Segment ${seq} of the live interview, about a dozen words long.`, startTime: seq * 3, endTime: seq * 3 + 2.5, confidence: 0.9, final: true } as const;
    seq += 1;
    // One at a time, in order, as a bot sends them.
    writing = writing.then(async () => {
      if ((await bot.segment(segment))?.stored) stored += 1;
    });
  }, 1000 / segmentsPerSecond);

  return {
    async stop() {
      clearInterval(timer);
      await writing;
      const seconds = (Date.now() - startedAt) / 1000;
      await bot.close();
      // Gone again, so the later cells see the seeded data unchanged.
      await call('PUT', `/api/voice/sessions/${session.id}`, { status: 'cancelled' });
      await call('DELETE', `/api/voice/sessions/${session.id}`);
      return { stored, seconds };
    },
  };
}
