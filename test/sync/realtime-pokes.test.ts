import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/runtime/logger.js';
import { createProjectClient } from '../../server/sync/project-client.js';
import { pokeTopic, RealtimePokes } from '../../server/sync/realtime-pokes.js';

// No Realtime server can run here; the engine's reaction to pokes is tested through the PokeSource
// interface (engine.test.ts, the benchmark). This checks the Realtime implementation itself is safe
// when Realtime cannot be reached: nothing throws, nothing is sent, closing cleans up.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterEach(() => {
  unhandled.length = 0;
});

describe('Realtime pokes', () => {
  it('join one broadcast channel per org and stay quiet when Realtime is unreachable', async () => {
    const client = createProjectClient('http://127.0.0.1:9', 'anon-key-for-an-unreachable-project', fetch, async () => 'token');
    const pokes = new RealtimePokes(client, createLogger('error', () => undefined));
    const org = '11111111-1111-4111-8111-111111111111';
    pokes.watch([org], { onPoke: () => undefined, onReconnect: () => undefined });
    expect(client.getChannels().map((channel) => channel.topic)).toEqual([`realtime:${pokeTopic(org)}`]);
    pokes.poke([org]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    pokes.watch([], { onPoke: () => undefined, onReconnect: () => undefined });
    pokes.close();
    await client.removeAllChannels();
    expect(unhandled).toEqual([]);
  });
});
