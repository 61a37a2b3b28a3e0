import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEarly, takeEarly } from '../../renderer/src/api/early-requests.js';
import { firstRequests } from '../../renderer/src/app/first-requests.js';

const asked: string[] = [];

beforeEach(() => {
  asked.length = 0;
  vi.stubGlobal('fetch', (path: string) => {
    asked.push(path);
    return Promise.resolve(new Response(JSON.stringify({ success: true, data: { path } }), { status: 200 }));
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("the first screen's early requests", () => {
  it('are the account, and on a session page the session and (on its Transcript tab) the transcript', () => {
    expect(firstRequests('/sessions')).toEqual(['/api/me']);
    expect(firstRequests('/sessions/s-1')).toEqual(['/api/me', '/api/voice/sessions/s-1']);
    expect(firstRequests('/sessions/s-1/transcript')).toEqual(['/api/me', '/api/voice/sessions/s-1', '/api/voice/sessions/s-1/transcript']);
    expect(firstRequests('/configs/new')).toEqual(['/api/me']);
  });

  it('are handed over once, and not at all once they are old', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    startEarly(['/api/me', '/api/voice/sessions/s-2']);
    expect(asked).toEqual(['/api/me', '/api/voice/sessions/s-2']);
    expect(await takeEarly('/api/me')).toEqual({ data: { path: '/api/me' } });
    expect(takeEarly('/api/me')).toBeUndefined();
    // The screen asked for something else first: ten seconds on, the old reply is not taken for fresh.
    vi.setSystemTime(Date.now() + 10_001);
    expect(takeEarly('/api/voice/sessions/s-2')).toBeUndefined();
    expect(asked).toHaveLength(2);
  });
});
