import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_ENDED_CLOSE_CODE } from '../../contracts/live-events.js';
import { BotLinks } from '../../server/live/bot-links.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let links: BotLinks | null = null;
afterEach(() => {
  links?.close();
  links = null;
});

function track(graceMs: number): { links: BotLinks; gone: string[] } {
  const gone: string[] = [];
  links = new BotLinks((sessionId) => gone.push(sessionId), graceMs);
  return { links, gone };
}

describe('when a session’s bot has left for good', () => {
  it('at once when it hangs up normally', () => {
    const { links, gone } = track(60_000);
    links.connected('s1');
    links.disconnected('s1', 1000);
    expect(gone).toEqual(['s1']);
  });

  it('at once when the server closed it because its session ended', () => {
    const { links, gone } = track(60_000);
    links.connected('s1');
    links.disconnected('s1', SESSION_ENDED_CLOSE_CODE);
    expect(gone).toEqual(['s1']);
  });

  it('after the grace when its socket dropped and it did not redial', async () => {
    const { links, gone } = track(50);
    links.connected('s1');
    links.disconnected('s1', 1006);
    expect(gone).toEqual([]);
    await pause(150);
    expect(gone).toEqual(['s1']);
  });

  it('never, when it redials within the grace', async () => {
    const { links, gone } = track(50);
    links.connected('s1');
    links.disconnected('s1', 1006);
    links.connected('s1');
    await pause(150);
    expect(gone).toEqual([]);
  });

  it('only when its last socket closes', () => {
    const { links, gone } = track(60_000);
    links.connected('s1');
    links.connected('s1');
    links.connected('s2');
    links.disconnected('s1', 1000);
    expect(gone).toEqual([]);
    links.disconnected('s1', 1000);
    expect(gone).toEqual(['s1']);
  });
});
