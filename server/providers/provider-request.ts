/**
 * One HTTP call to a provider: bounded by a timeout, with 429 retried after `Retry-After`
 * (capped), and every failure turned into a ProviderError whose message is safe to show:
 * it names the provider, the status and the provider's own error code, never the request's key.
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly kind: 'auth' | 'rate_limited' | 'network' | 'timeout' | 'http',
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

export interface ProviderRequest {
  provider: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  /** How many times a 429 is retried (after Retry-After, at most maxRetryWaitMs each). */
  retries429?: number;
  maxRetryWaitMs?: number;
}

function retryAfterMs(header: string | null, attempt: number): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return 500 * 2 ** attempt;
}

function providerReason(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  const nested = record.error;
  if (typeof nested === 'string') return typeof record.info === 'string' ? `${nested}: ${record.info}` : nested;
  if (nested && typeof nested === 'object') {
    const error = nested as Record<string, unknown>;
    return [error.code, error.message].filter((part) => typeof part === 'string').join(': ') || null;
  }
  for (const key of ['err_msg', 'message', 'title']) if (typeof record[key] === 'string') return record[key];
  return null;
}

/** Removes anything key-like a provider might echo back, so it cannot reach a reply or a log. */
export function scrub(text: string, secrets: string[]): string {
  return secrets.filter((secret) => secret.length >= 4).reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

export async function providerRequest<T>(request: ProviderRequest, secrets: string[] = []): Promise<T> {
  const retries = request.retries429 ?? 3;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: { ...request.headers, ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
        signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
      throw new ProviderError(
        request.provider,
        timedOut ? 'timeout' : 'network',
        null,
        timedOut ? `${request.provider} did not answer in time` : `Could not reach ${request.provider}: ${scrub(cause, secrets)}`,
      );
    }
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (response.ok) return body as T;
    if (response.status === 429 && attempt < retries) {
      const wait = Math.min(retryAfterMs(response.headers.get('retry-after'), attempt), request.maxRetryWaitMs ?? 10_000);
      await new Promise((resolve) => setTimeout(resolve, wait));
      continue;
    }
    const reason = scrub(providerReason(body) ?? response.statusText, secrets);
    const kind = response.status === 401 || response.status === 403 ? 'auth' : response.status === 429 ? 'rate_limited' : 'http';
    const what = kind === 'auth' ? 'rejected the key' : kind === 'rate_limited' ? 'is rate-limiting requests' : 'answered with an error';
    throw new ProviderError(request.provider, kind, response.status, `${request.provider} ${what} (${response.status} ${reason})`);
  }
}
