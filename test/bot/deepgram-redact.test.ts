import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { DeepgramStt } from '../../bot/providers/deepgram-stt.js';
import { silentLogger } from '../../bot/runtime/logger.js';
import { configJson } from '../../contracts/config-json.js';

// The config's transcription.redact reaches Deepgram as repeated `redact` query keys, as its
// streaming API takes them; a config without it asks for no redaction.
let server: Server;
let wss: WebSocketServer;
const dialled: URL[] = [];

beforeAll(async () => {
  server = createServer();
  wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('token') ? 'token' : false) });
  server.on('upgrade', (req, socket, head) => {
    dialled.push(new URL(req.url ?? '/', 'http://deepgram'));
    wss.handleUpgrade(req, socket, head, () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  await new Promise((resolve) => server.close(resolve));
});

async function dial(redact?: string[]): Promise<URL> {
  const port = (server.address() as AddressInfo).port;
  const stt = new DeepgramStt({
    apiKey: 'test-deepgram-key',
    baseUrl: `ws://127.0.0.1:${port}`,
    model: 'nova-2',
    language: 'en-US',
    endpointingMs: 300,
    utteranceEndMs: 1000,
    logger: silentLogger,
    ...(redact ? { redact } : {}),
  });
  const before = dialled.length;
  await stt.start();
  await stt.close();
  const url = dialled[before];
  if (!url) throw new Error('Deepgram was not dialled');
  return url;
}

describe('Deepgram source redaction', () => {
  it('sends each configured redact option', async () => {
    const config = configJson.parse({ bot_name: 'Ada', system_prompt: 'Interview.', transcription: { redact: ['pci', 'ssn'] } });
    const url = await dial(config.transcription.redact);
    expect(url.pathname).toBe('/v1/listen');
    expect(url.searchParams.getAll('redact')).toEqual(['pci', 'ssn']);
  });

  it('asks for none when the config has no redact option, and such configs parse unchanged', async () => {
    const config = configJson.parse({ bot_name: 'Ada', system_prompt: 'Interview.' });
    expect('redact' in config.transcription).toBe(false);
    const url = await dial(config.transcription.redact);
    expect(url.searchParams.getAll('redact')).toEqual([]);
  });

  it('refuses unknown and repeated options', () => {
    expect(configJson.safeParse({ bot_name: 'A', system_prompt: 'B', transcription: { redact: ['names'] } }).success).toBe(false);
    expect(configJson.safeParse({ bot_name: 'A', system_prompt: 'B', transcription: { redact: ['pci', 'pci'] } }).success).toBe(false);
    expect(configJson.safeParse({ bot_name: 'A', system_prompt: 'B', transcription: { redact: ['numbers'] } }).success).toBe(true);
  });
});
