import type { ServerResponse } from 'node:http';
import type { ApiError, Pagination } from '../../contracts/api-envelope.js';
import type { ApiFailure } from './api-failure.js';

const API_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Sends JSON already serialised: a string, or its UTF-8 bytes as the response cache keeps them. */
export function sendJsonText(res: ServerResponse, status: number, body: string | Buffer): void {
  res.writeHead(status, { ...API_HEADERS, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

/** The success envelope as text. */
export function envelopeText(data: unknown, pagination?: Pagination): string {
  return JSON.stringify(pagination ? { success: true, data, pagination } : { success: true, data });
}

export function sendFailure(res: ServerResponse, failure: ApiFailure): void {
  const body: ApiError = {
    success: false,
    error: { code: failure.code, message: failure.message, ...(failure.details ? { details: failure.details } : {}) },
  };
  sendJson(res, failure.status, body);
}
