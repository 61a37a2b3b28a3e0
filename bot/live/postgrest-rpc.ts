import { parseRetryAfter } from '../../contracts/backoff.js';
import { errorText } from '../runtime/logger.js';

/** A Supabase project's REST endpoint as the bot calls it: the project URL and its anon key. */
export interface RpcTarget {
  supabaseUrl: string;
  anonKey: string;
}

/**
 * One RPC call's outcome, already sorted by what the caller should do:
 *  - ok: a 2xx answer (body parsed when it is JSON);
 *  - retry: no answer (refused, reset, timed out) or a 5xx / 429 (with the server's Retry-After);
 *  - refused: any other answer (401, 409, 400, ...): retrying the same call would not help.
 */
export type RpcResult =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'retry'; why: string; retryAfterMs: number | null }
  | { kind: 'refused'; status: number; code: string | null; message: string };

export interface RpcCallOptions {
  timeoutMs: number;
  /** Aborts the call (the reporter is closing); the result is then a retry nobody waits for. */
  signal?: AbortSignal;
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function field(body: unknown, name: string): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/**
 * POST {url}/rest/v1/rpc/{name} with the anon key, as supabase-js would, with plain fetch: the bot
 * needs four calls, not a client library. Every call is bounded by `timeoutMs`.
 */
export async function callRpc(target: RpcTarget, name: string, args: Record<string, unknown>, options: RpcCallOptions): Promise<RpcResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${target.supabaseUrl}/rest/v1/rpc/${name}`, {
      method: 'POST',
      headers: {
        apikey: target.anonKey,
        authorization: `Bearer ${target.anonKey}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(args),
      signal,
    });
    text = await response.text();
  } catch (error) {
    const why = timeout.aborted ? `no answer within ${options.timeoutMs} ms` : networkError(error);
    return { kind: 'retry', why, retryAfterMs: null };
  }
  const body = parseJson(text);
  if (response.ok) return { kind: 'ok', status: response.status, body };
  const message = (field(body, 'message') ?? (typeof body === 'string' ? body : `HTTP ${response.status}`)).slice(0, 500);
  if (response.status === 429 || response.status >= 500) {
    return { kind: 'retry', why: `HTTP ${response.status}: ${message}`, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
  }
  return { kind: 'refused', status: response.status, code: field(body, 'code'), message };
}

/** fetch says "fetch failed"; the reason (ECONNREFUSED, a reset) is in its cause. */
function networkError(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause !== undefined) {
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code : errorText(cause);
  }
  return errorText(error);
}
