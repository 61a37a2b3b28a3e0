import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pagination } from '../../contracts/api-envelope.js';
import type { CurrentUser } from '../identity/identity-provider.js';
import { ApiFailure } from './api-failure.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  user: CurrentUser;
  /** The parsed JSON body (415/413/400 when it is not acceptable JSON). */
  body(): Promise<unknown>;
}

export interface HandlerResult {
  status?: number;
  data: unknown;
  pagination?: Pagination;
  /** Send `data` as the whole body instead of inside the `{ success, data }` envelope. */
  raw?: boolean;
}

export type Handler = (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;

export interface RouteOptions {
  /** A read whose reply may be reused until the data changes (see ResponseCache). */
  cacheable?: boolean;
}

interface Route {
  method: HttpMethod;
  segments: string[];
  handler: Handler;
  options: RouteOptions;
}

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string>; options: RouteOptions }
  | { kind: 'wrong-method'; allowed: HttpMethod[] }
  | { kind: 'none' };

/** A small exact-segment router: `/api/voice/sessions/:id/start`. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: HttpMethod, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler, options });
    return this;
  }

  match(method: string, pathname: string): RouteMatch {
    const parts = pathname.split('/').filter(Boolean);
    const allowed: HttpMethod[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', handler: route.handler, params, options: route.options };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    const actual = parts[i] as string;
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        const field = expected.slice(1);
        throw new ApiFailure(400, 'VALIDATION_ERROR', `Invalid request: ${field}: malformed path segment`, {
          issues: [{ field, message: 'malformed path segment' }],
        });
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}
