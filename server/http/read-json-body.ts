import type { IncomingMessage } from 'node:http';
import { FREE_FORM_MAX_DEPTH, pathDeeperThan } from '../../contracts/free-form-json.js';
import { ApiFailure } from './api-failure.js';

export const MAX_BODY_BYTES = 1024 * 1024;

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || (type?.startsWith('application/') === true && type.endsWith('+json'));
}

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Reads a JSON body of at most 1 MB. Checks the declared size before reading, and counts bytes
 * while reading (a chunked body declares nothing), so an oversized body is never buffered whole.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new ApiFailure(415, 'UNSUPPORTED_MEDIA_TYPE', 'Request body must be JSON (Content-Type: application/json)');
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) {
    throw new ApiFailure(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new ApiFailure(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    throw new ApiFailure(400, 'INVALID_JSON', 'Request body is empty; a JSON object is required');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new ApiFailure(400, 'INVALID_JSON', 'Request body is not valid JSON');
  }
  refuseDeepNesting(parsed);
  return parsed;
}

/**
 * No field of a body may nest deeper than a free-form field may (the body itself is one level
 * more): deeper values overflow `JSON.stringify` and recursive readers further in. The 400 names
 * the top-level field where it happens.
 */
function refuseDeepNesting(body: unknown): void {
  const path = pathDeeperThan(body, FREE_FORM_MAX_DEPTH + 1);
  if (path === null) return;
  const field = path[0] ?? '(body)';
  const message = `nested deeper than ${FREE_FORM_MAX_DEPTH} levels`;
  throw new ApiFailure(400, 'VALIDATION_ERROR', `Invalid request: ${field}: ${message}`, { issues: [{ field, message }] });
}
