import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local OpenAI chat-completions endpoint for tests (the bot's LLM and, reused, AI analytics).
 * It speaks the wire format of protocols.md: streaming server-sent events with content or tool-call
 * deltas, a usage chunk when asked, `[DONE]`; non-streaming JSON replies, including structured
 * output for `response_format: { type: "json_schema" }` and refusals. Replies are scripted per
 * test, in order (or by a responder function), and faults can be injected: an HTTP error, a reply
 * that never comes, invalid JSON content, a stream cut short. Every request is recorded, and
 * requests OpenAI would refuse (a strict schema that is not strict) are answered with its 400.
 *
 *   const openai = await startFakeOpenAi({ port: 0 });
 *   openai.script({ kind: 'json', value: { score: 80 } });
 *   new OpenAI({ apiKey: openai.apiKey, baseURL: openai.url });
 *   ...; openai.requests[0].body; await openai.stop();
 */
export interface ReplyTiming {
  /** Delay before the first byte of the reply (time to first token). */
  firstTokenMs?: number;
  /** Delay between streamed chunks (0: as fast as the socket takes them). */
  chunkDelayMs?: number;
  /** Characters of content or arguments per streamed chunk. */
  chunkChars?: number;
}

export type FakeReply = ReplyTiming &
  (
    | { kind: 'tool'; name: string; arguments: unknown; content?: string; cutAfterChunks?: number }
    | { kind: 'text'; content: string; cutAfterChunks?: number }
    /** Structured output: `value` is serialised as the message content. */
    | { kind: 'json'; value: unknown }
    /** Content verbatim, e.g. not valid JSON where JSON was asked for. */
    | { kind: 'raw'; content: string }
    | { kind: 'refusal'; refusal: string }
    | { kind: 'error'; status: number; message?: string; type?: string; code?: string | null; headers?: Record<string, string> }
    /** Never answers: the connection stays open until the client gives up (or the fake stops). */
    | { kind: 'timeout' }
  );

export interface RecordedChatRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  stream: boolean;
  receivedAt: number;
  /** What the fake answered with. */
  reply: FakeReply['kind'] | 'invalid-request' | 'unauthorized';
  /** The client went away before the reply was complete (it aborted the stream). */
  aborted: boolean;
}

export interface FakeOpenAiOptions {
  port?: number;
  apiKey?: string;
  /** Timing applied to every reply that does not set its own. */
  timing?: ReplyTiming;
  model?: string;
}

export interface FakeOpenAi {
  /** The base URL for the SDK's `baseURL` / OPENAI_BASE_URL (ends in /v1). */
  url: string;
  apiKey: string;
  readonly requests: RecordedChatRequest[];
  /** Wire problems found in requests (each also answered with a 400). */
  readonly problems: string[];
  /** Queues replies, used in order. */
  script(...replies: FakeReply[]): void;
  /** Answers requests when the script is empty (return undefined for a 500 "nothing scripted"). */
  respondWith(responder: (request: RecordedChatRequest) => FakeReply | undefined): void;
  /** Replies still queued. */
  pending(): number;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

/** OpenAI's strict-mode rules: every object lists all its properties as required and forbids others. */
export function strictSchemaProblems(schema: unknown, path = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Json;
  const problems: string[] = [];
  if (node.type === 'object' || node.properties !== undefined) {
    const properties = (node.properties ?? {}) as Json;
    const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
    if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
    for (const key of Object.keys(properties)) {
      if (!required.includes(key)) problems.push(`${path}: property "${key}" must be required`);
      problems.push(...strictSchemaProblems(properties[key], `${path}.${key}`));
    }
  }
  if (node.items !== undefined) problems.push(...strictSchemaProblems(node.items, `${path}[]`));
  for (const key of ['anyOf', 'allOf', 'oneOf'] as const) {
    if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((sub, index) => problems.push(...strictSchemaProblems(sub, `${path}.${key}[${index}]`)));
  }
  for (const [name, definition] of Object.entries((node.$defs ?? node.definitions ?? {}) as Json)) {
    problems.push(...strictSchemaProblems(definition, `${path}.$defs.${name}`));
  }
  return problems;
}

function requestProblems(body: Json): string[] {
  const problems: string[] = [];
  if (typeof body.model !== 'string' || body.model.length === 0) problems.push('model is required');
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) problems.push('messages must be a non-empty array');
  else {
    messages.forEach((message: unknown, index) => {
      const role = (message as Json | null)?.role;
      if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(String(role))) problems.push(`messages[${index}].role is invalid`);
    });
  }
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) problems.push('tools must be an array');
    else {
      body.tools.forEach((tool: unknown, index) => {
        const fn = (tool as Json | null)?.function as Json | undefined;
        if ((tool as Json | null)?.type !== 'function' || typeof fn?.name !== 'string') problems.push(`tools[${index}] must be { type: "function", function: { name } }`);
        else if (fn.strict === true) problems.push(...strictSchemaProblems(fn.parameters, `tools[${index}].function.parameters`));
      });
    }
  }
  const format = body.response_format as Json | undefined;
  if (format?.type === 'json_schema') {
    const spec = format.json_schema as Json | undefined;
    if (typeof spec?.name !== 'string') problems.push('response_format.json_schema.name is required');
    if (spec?.strict === true) problems.push(...strictSchemaProblems(spec.schema, 'response_format.json_schema.schema'));
  }
  if (body.stream_options !== undefined && body.stream !== true) problems.push('stream_options is only allowed with stream: true');
  return problems;
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const apiKey = options.apiKey ?? 'test-openai-key';
  const requests: RecordedChatRequest[] = [];
  const problems: string[] = [];
  const queue: FakeReply[] = [];
  let responder: ((request: RecordedChatRequest) => FakeReply | undefined) | null = null;
  const sockets = new Set<Socket>();

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${randomUUID()}`, ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void handle(req.url ?? '/', req.method ?? 'GET', req.headers, Buffer.concat(chunks).toString('utf8'), res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(path: string, method: string, headers: IncomingHttpHeaders, text: string, res: ServerResponse): Promise<void> {
    if (headers.authorization !== `Bearer ${apiKey}`) {
      sendJson(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      return;
    }
    if (method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: [{ id: options.model ?? 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'fake' }] });
      return;
    }
    if (method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(res, 404, { error: { message: `Unknown path ${method} ${path}`, type: 'invalid_request_error', code: null } });
      return;
    }
    let body: Json;
    try {
      body = JSON.parse(text) as Json;
    } catch {
      sendJson(res, 400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', code: null } });
      return;
    }
    const record: RecordedChatRequest = { path, headers, body, stream: body.stream === true, receivedAt: Date.now(), reply: 'invalid-request', aborted: false };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });
    const found = requestProblems(body);
    if (found.length > 0) {
      problems.push(...found);
      sendJson(res, 400, { error: { message: found.join('; '), type: 'invalid_request_error', param: null, code: null } });
      return;
    }
    const reply = queue.shift() ?? responder?.(record);
    if (!reply) {
      record.reply = 'error';
      sendJson(res, 500, { error: { message: 'The fake has no reply scripted for this request.', type: 'server_error', code: null } });
      return;
    }
    record.reply = reply.kind;
    const timing = { ...options.timing, ...reply };
    if (reply.kind === 'timeout') return; // held open; the client's timeout or stop() ends it
    await sleep(timing.firstTokenMs ?? 0);
    if (reply.kind === 'error') {
      sendJson(
        res,
        reply.status,
        { error: { message: reply.message ?? 'The server had an error while processing your request.', type: reply.type ?? 'server_error', code: reply.code ?? null } },
        reply.headers,
      );
      return;
    }
    const model = typeof body.model === 'string' ? body.model : 'gpt-4o-mini';
    if (record.stream) await stream(res, reply, model, body, timing);
    else complete(res, reply, model);
  }

  function complete(res: ServerResponse, reply: Exclude<FakeReply, { kind: 'error' | 'timeout' }>, model: string): void {
    const message: Json = { role: 'assistant', content: null, refusal: null };
    let finish = 'stop';
    if (reply.kind === 'tool') {
      message.content = reply.content ?? null;
      message.tool_calls = [
        { id: `call_${randomUUID().slice(0, 8)}`, type: 'function', function: { name: reply.name, arguments: typeof reply.arguments === 'string' ? reply.arguments : JSON.stringify(reply.arguments) } },
      ];
      finish = 'tool_calls';
    } else if (reply.kind === 'refusal') message.refusal = reply.refusal;
    else message.content = reply.kind === 'json' ? JSON.stringify(reply.value) : reply.content;
    sendJson(res, 200, {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    });
  }

  async function stream(res: ServerResponse, reply: Exclude<FakeReply, { kind: 'error' | 'timeout' }>, model: string, body: Json, timing: ReplyTiming): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: Json, finishReason: string | null = null): Json => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
    const deltas: Json[] = [];
    let finish = 'stop';
    if (reply.kind === 'tool') {
      const args = typeof reply.arguments === 'string' ? reply.arguments : JSON.stringify(reply.arguments);
      if (reply.content) deltas.push(...pieces(reply.content, timing.chunkChars ?? 12).map((content) => ({ content })));
      deltas.push({ tool_calls: [{ index: 0, id: `call_${randomUUID().slice(0, 8)}`, type: 'function', function: { name: reply.name, arguments: '' } }] });
      deltas.push(...pieces(args, timing.chunkChars ?? 12).map((part) => ({ tool_calls: [{ index: 0, function: { arguments: part } }] })));
      finish = 'tool_calls';
    } else if (reply.kind === 'refusal') {
      deltas.push({ refusal: reply.refusal });
    } else {
      const content = reply.kind === 'json' ? JSON.stringify(reply.value) : reply.content;
      deltas.push(...pieces(content, timing.chunkChars ?? 12).map((part) => ({ content: part })));
    }
    const cutAfter = 'cutAfterChunks' in reply ? reply.cutAfterChunks : undefined;
    const write = (data: unknown): void => {
      if (!res.destroyed) res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    };
    write(chunk({ role: 'assistant', content: null, refusal: null }));
    for (const [index, delta] of deltas.entries()) {
      if (cutAfter !== undefined && index >= cutAfter) {
        res.destroy();
        return;
      }
      await sleep(timing.chunkDelayMs ?? 0);
      write(chunk(delta));
    }
    write(chunk({}, finish));
    if ((body.stream_options as Json | undefined)?.include_usage === true) {
      write({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 } });
    }
    write('[DONE]');
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    problems,
    script: (...replies) => queue.push(...replies),
    respondWith: (fn) => {
      responder = fn;
    },
    pending: () => queue.length,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The same, under the short name the analytics tests may prefer: `start({ port: 0 })`. */
export const start = startFakeOpenAi;
