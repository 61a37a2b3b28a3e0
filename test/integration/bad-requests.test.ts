import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, ErrorCode } from '../../contracts/api-envelope.js';
import type { ConfigJsonInput } from '../../contracts/config-json.js';
import type { Me } from '../../contracts/identity.js';
import { chunkedCall, rawHeadersCall } from '../support/bad-request-client.js';
import { changedTables, openDatabaseFile, snapshotDataDir } from '../support/db-snapshot.js';
import { httpCall, removeDataDir, repoRoot, startServerProcess, type HttpReply, type ServerProcess } from '../support/server-process.js';

/**
 * A table of requests the server must refuse. Each one is checked for its status, its error code
 * in the `{ success: false, error }` envelope, the field it names, the absence of stack traces and
 * file paths in the reply, and — by hashing every row of every table before and after — that it
 * changed nothing in the database.
 */

interface Fixtures {
  orgId: string;
  /** An org that exists but the local user is not a member of (inserted straight into SQLite). */
  foreignOrgId: string;
  foreignSessionId: string;
  foreignConfigId: string;
  foreignTranscriptId: string;
  /** Active config, used by `pendingSessionId`. */
  usedConfigId: string;
  usedConfigName: string;
  /** Active config no session uses. */
  freeConfigId: string;
  inactiveConfigId: string;
  pendingSessionId: string;
  readySessionId: string;
  activeSessionId: string;
  completedSessionId: string;
  /** Our own `Host` value, `127.0.0.1:PORT`. */
  host: string;
}

interface CaseRequest {
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string | Buffer;
  /** Sent with Transfer-Encoding: chunked instead of a declared length. */
  chunks?: Buffer[];
  headers?: Record<string, string>;
  /** Leave out the valid Authorization header. */
  anonymous?: boolean;
  /** Headers sent exactly as listed (name, value, …), so one may repeat; replaces `headers`. */
  rawHeaders?: string[];
}

interface BadRequestCase {
  name: string;
  request: (f: Fixtures) => CaseRequest;
  status: number;
  code: ErrorCode;
  /** The offending field: named in the message, and in `details.issues` whenever issues are given. */
  field?: string;
  /** Further text the message must contain (e.g. both states of a refused transition). */
  mentions?: (f: Fixtures) => string[];
  /** A subset `error.details` must match. */
  details?: (f: Fixtures) => Record<string, unknown>;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const MB = 1024 * 1024;

const validConfigJson: ConfigJsonInput = {
  bot_name: 'Ada',
  system_prompt: 'You interview backend engineers about distributed systems.',
};

const configBody = (orgId: string, name: string, configJson: unknown = validConfigJson): Record<string, unknown> => ({
  orgId,
  name,
  interviewType: 'technical',
  configJson,
});

const sessionsOf = (orgId: string, extra = ''): string => `/api/voice/sessions?orgId=${orgId}${extra}`;

const cases: BadRequestCase[] = [
  // ── Authentication, Host and Origin ────────────────────────────────────────────────────────────
  {
    name: 'no API token',
    request: () => ({ method: 'GET', path: '/api/me', anonymous: true }),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'wrong bearer token on a write',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/sessions',
      anonymous: true,
      headers: { authorization: 'Bearer not-the-token' },
      body: { orgId: f.orgId, interviewType: 'technical' },
    }),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'Basic auth instead of a bearer token',
    request: (f) => ({
      method: 'PUT',
      path: `/api/voice/sessions/${f.pendingSessionId}`,
      anonymous: true,
      headers: { authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` },
      body: { status: 'ready' },
    }),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'token in the query string of an API call (only the console link may carry it)',
    request: (f) => ({ method: 'DELETE', path: `/api/voice/configs/${f.freeConfigId}?token=x`, anonymous: true }),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'foreign Host header (DNS rebinding)',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/sessions',
      headers: { host: 'evil.example' },
      body: { orgId: f.orgId, interviewType: 'technical' },
    }),
    status: 403,
    code: 'FORBIDDEN',
    mentions: () => ['Host'],
  },
  {
    name: 'Host header without our port',
    request: () => ({ method: 'GET', path: '/api/me', headers: { host: '127.0.0.1' } }),
    status: 403,
    code: 'FORBIDDEN',
    mentions: () => ['Host'],
  },
  {
    name: 'foreign Origin on a write',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/sessions',
      headers: { origin: 'http://evil.example' },
      body: { orgId: f.orgId, interviewType: 'technical' },
    }),
    status: 403,
    code: 'FORBIDDEN',
    mentions: () => ['Origin'],
  },
  {
    name: 'Origin "null" (sandboxed page) on a delete',
    request: (f) => ({ method: 'DELETE', path: `/api/voice/configs/${f.freeConfigId}`, headers: { origin: 'null' } }),
    status: 403,
    code: 'FORBIDDEN',
    mentions: () => ['Origin'],
  },

  // ── Body transport: size, media type, JSON syntax ──────────────────────────────────────────────
  {
    name: 'body over 1 MB with a declared length',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/sessions',
      headers: JSON_TYPE,
      rawBody: JSON.stringify({ orgId: f.orgId, interviewType: 'technical', sessionMetadata: { pad: 'x'.repeat(MB) } }),
    }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'chunked body over 1 MB (no declared length)',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/sessions',
      headers: JSON_TYPE,
      chunks: [
        Buffer.from(`{"orgId":"${f.orgId}","interviewType":"technical","sessionMetadata":{"pad":"`),
        ...Array.from({ length: 9 }, () => Buffer.alloc(128 * 1024, 'x')),
        Buffer.from('"}}'),
      ],
    }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'write with Content-Type text/plain',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/sessions',
      headers: { 'content-type': 'text/plain' },
      rawBody: JSON.stringify({ orgId: f.orgId, interviewType: 'technical' }),
    }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'write with no Content-Type at all',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, rawBody: '{"status":"ready"}' }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'form-encoded config',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/configs',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: `orgId=${f.orgId}&name=Form`,
    }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'malformed JSON',
    request: () => ({ method: 'POST', path: '/api/voice/sessions', headers: JSON_TYPE, rawBody: '{"orgId": ' }),
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'JSON followed by garbage',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, headers: JSON_TYPE, rawBody: '{"status":"ready"} x' }),
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'empty body',
    request: () => ({ method: 'POST', path: '/api/voice/configs', headers: JSON_TYPE, rawBody: '' }),
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'whitespace-only body',
    request: (f) => ({ method: 'PUT', path: `/api/voice/configs/${f.freeConfigId}`, headers: JSON_TYPE, rawBody: ' \n\t ' }),
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'JSON array instead of an object',
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: [{ orgId: f.orgId, interviewType: 'technical' }] }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: '(body)',
  },
  {
    name: 'JSON string instead of an object',
    request: (f) => ({ method: 'PUT', path: `/api/voice/configs/${f.freeConfigId}`, body: 'rename me' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: '(body)',
  },
  {
    name: 'JSON null instead of an object',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, headers: JSON_TYPE, rawBody: 'null' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: '(body)',
  },
  {
    name: 'GET with a body',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId), body: { orgId: f.orgId } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    mentions: () => ['GET'],
  },

  // ── Shapes: missing, mistyped and unknown fields ──────────────────────────────────────────────
  {
    name: 'orgId missing from a create body',
    request: () => ({ method: 'POST', path: '/api/voice/sessions', body: { interviewType: 'technical' } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'orgId',
  },
  {
    name: 'orgId missing from a list query',
    request: () => ({ method: 'GET', path: '/api/voice/sessions?limit=5' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'orgId',
  },
  {
    name: 'orgId given as a number',
    request: () => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: 42, interviewType: 'technical' } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'orgId',
  },
  {
    name: 'candidateName given as a number',
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: f.orgId, interviewType: 'technical', candidateName: 42 } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'candidateName',
  },
  {
    name: 'isActive given as a string',
    request: (f) => ({ method: 'PUT', path: `/api/voice/configs/${f.freeConfigId}`, body: { isActive: 'no' } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'isActive',
  },
  {
    name: 'sessionMetadata given as an array',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, body: { sessionMetadata: ['a'] } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sessionMetadata',
  },
  {
    name: 'unknown field in a session create (strict schema)',
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: f.orgId, interviewType: 'technical', status: 'active' } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'status',
  },
  {
    name: 'unknown field next to a valid change in a config update',
    request: (f) => ({ method: 'PUT', path: `/api/voice/configs/${f.freeConfigId}`, body: { isActive: false, createdBy: 'someone' } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'createdBy',
  },
  {
    name: 'unknown query parameter',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, '&includeDeleted=true') }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'includeDeleted',
  },
  {
    name: 'unknown field deep inside configJson',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/configs',
      body: configBody(f.orgId, 'Leaky', { ...validConfigJson, llm: { api_key: 'sk-secret' } }),
    }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'configJson.llm.api_key',
  },
  {
    name: 'query key given twice',
    request: (f) => ({ method: 'GET', path: `/api/voice/configs?orgId=${f.orgId}&orgId=${f.foreignOrgId}` }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'orgId',
  },
  {
    name: 'empty update object',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, body: {} }),
    status: 400,
    code: 'VALIDATION_ERROR',
    mentions: () => ['at least one field'],
  },

  // ── Enums ──────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'unknown status in an update',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, body: { status: 'paused' } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'status',
  },
  {
    name: 'unknown status filter',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, '&status=paused') }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'status',
  },
  {
    name: 'unknown sortOrder',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, '&sortOrder=sideways') }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sortOrder',
  },
  {
    name: 'sortBy a column that is not sortable',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, '&sortBy=daily_room_token') }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sortBy',
  },
  {
    name: 'sortBy with SQL in it',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, `&sortBy=${encodeURIComponent('created_at; DROP TABLE orgs')}`) }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sortBy',
  },

  // ── UUIDs in path, query and body ──────────────────────────────────────────────────────────────
  {
    name: 'non-UUID session id in the path',
    request: () => ({ method: 'GET', path: '/api/voice/sessions/not-a-uuid' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'id',
  },
  {
    name: 'non-UUID config id in the path of an update',
    request: () => ({ method: 'PUT', path: '/api/voice/configs/12345', body: { isActive: false } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'id',
  },
  {
    name: 'non-UUID transcript id in the path of a delete',
    request: () => ({ method: 'DELETE', path: `/api/voice/transcripts/${encodeURIComponent("1' OR '1'='1")}` }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'id',
  },
  {
    name: 'malformed percent-encoding in a path id',
    request: () => ({ method: 'GET', path: '/api/voice/sessions/%E0%A4%A' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'id',
  },
  {
    name: 'non-UUID sessionId in the analytics path (the segment is named sessionId)',
    request: () => ({ method: 'GET', path: '/api/voice/analytics/not-a-uuid' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sessionId',
  },
  {
    name: 'non-UUID orgId in a query',
    request: () => ({ method: 'GET', path: '/api/voice/stats?orgId=12345' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'orgId',
  },
  {
    name: 'non-UUID sessionId in a query',
    request: (f) => ({ method: 'GET', path: `/api/voice/transcripts?orgId=${f.orgId}&sessionId=abc` }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sessionId',
  },
  {
    name: 'non-UUID configId in a body',
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: f.orgId, configId: 'not-a-uuid' } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'configId',
  },

  // ── Numbers out of range ───────────────────────────────────────────────────────────────────────
  {
    name: 'limit=0',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, '&limit=0') }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'limit',
  },
  {
    name: 'limit=1001',
    request: (f) => ({ method: 'GET', path: `/api/voice/configs?orgId=${f.orgId}&limit=1001` }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'limit',
  },
  {
    name: 'limit=abc',
    request: (f) => ({ method: 'GET', path: `/api/voice/transcripts?orgId=${f.orgId}&limit=abc` }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'limit',
  },
  {
    name: 'limit=2.5 (not an integer)',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, '&limit=2.5') }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'limit',
  },
  {
    name: 'offset=-1',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, '&offset=-1') }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'offset',
  },
  {
    name: 'minScore=101',
    request: (f) => ({ method: 'GET', path: `/api/voice/analytics?orgId=${f.orgId}&minScore=101` }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'minScore',
  },
  {
    name: 'analytics minScore above maxScore',
    request: (f) => ({ method: 'GET', path: `/api/voice/analytics?orgId=${f.orgId}&minScore=80&maxScore=20` }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'minScore',
    mentions: () => ['maxScore'],
  },

  // ── Field contents ─────────────────────────────────────────────────────────────────────────────
  {
    name: 'invalid candidate email',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/sessions',
      body: { orgId: f.orgId, interviewType: 'technical', candidateEmail: 'not-an-email' },
    }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'candidateEmail',
  },
  {
    name: 'interviewType of 101 characters',
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: f.orgId, interviewType: 't'.repeat(101) } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'interviewType',
  },
  {
    name: 'neither interviewType nor configId',
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: f.orgId, candidateName: 'Grace' } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'interviewType',
  },
  {
    name: 'transcript search with no word characters',
    request: (f) => ({ method: 'GET', path: `/api/voice/transcripts?orgId=${f.orgId}&q=${encodeURIComponent('!!! ??? ***')}` }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'q',
  },

  // ── configJson rules ───────────────────────────────────────────────────────────────────────────
  {
    name: 'configJson rubric weights that do not sum to 1',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/configs',
      body: configBody(f.orgId, 'Bad weights', {
        ...validConfigJson,
        interview: { scoring_rubric: { criteria: [{ name: 'a', weight: 0.5 }, { name: 'b', weight: 0.4 }] } },
      }),
    }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'configJson.interview.scoring_rubric.criteria',
    mentions: () => ['sum to 1'],
  },
  {
    name: 'configJson duplicate question ids',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/configs',
      body: configBody(f.orgId, 'Duplicate questions', {
        ...validConfigJson,
        interview: { questions: [{ id: 'q1', text: 'Tell me about yourself.' }, { id: 'q1', text: 'Why us?' }] },
      }),
    }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'configJson.interview.questions.1.id',
    mentions: () => ['duplicate'],
  },
  {
    name: 'configJson max_follow_ups 9',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/configs',
      body: configBody(f.orgId, 'Too many follow-ups', {
        ...validConfigJson,
        interview: { questions: [{ id: 'q1', text: 'Design a cache.', max_follow_ups: 9 }] },
      }),
    }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'configJson.interview.questions.0.max_follow_ups',
  },
  {
    name: 'configJson temperature 3',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/configs',
      body: configBody(f.orgId, 'Hot', { ...validConfigJson, llm: { temperature: 3 } }),
    }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'configJson.llm.temperature',
  },
  {
    name: 'configJson missing bot_name',
    request: (f) => ({
      method: 'POST',
      path: '/api/voice/configs',
      body: configBody(f.orgId, 'Nameless', { system_prompt: 'You interview people.' }),
    }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'configJson.bot_name',
  },
  {
    name: 'configJson voice speed 5 in an update',
    request: (f) => ({
      method: 'PUT',
      path: `/api/voice/configs/${f.freeConfigId}`,
      body: { configJson: { ...validConfigJson, voice: { speed: 5 } } },
    }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'configJson.voice.speed',
  },

  // ── Organizations the user is not a member of ──────────────────────────────────────────────────
  {
    name: 'create a session in a foreign org',
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: f.foreignOrgId, interviewType: 'technical' } }),
    status: 403,
    code: 'FORBIDDEN',
    mentions: () => ['No access to organization'],
  },
  {
    name: 'create a config in a foreign org',
    request: (f) => ({ method: 'POST', path: '/api/voice/configs', body: configBody(f.foreignOrgId, 'Intruder') }),
    status: 403,
    code: 'FORBIDDEN',
    mentions: () => ['No access to organization'],
  },
  {
    name: "list a foreign org's sessions",
    request: (f) => ({ method: 'GET', path: sessionsOf(f.foreignOrgId) }),
    status: 403,
    code: 'FORBIDDEN',
    mentions: () => ['No access to organization'],
  },
  {
    name: "a foreign org's stats",
    request: (f) => ({ method: 'GET', path: `/api/voice/stats?orgId=${f.foreignOrgId}` }),
    status: 403,
    code: 'FORBIDDEN',
    mentions: () => ['No access to organization'],
  },
  {
    name: 'an org that does not exist',
    request: () => ({ method: 'GET', path: `/api/voice/configs?orgId=${randomUUID()}` }),
    status: 403,
    code: 'FORBIDDEN',
    mentions: () => ['No access to organization'],
  },
  {
    name: "get a foreign org's session by id",
    request: (f) => ({ method: 'GET', path: `/api/voice/sessions/${f.foreignSessionId}` }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "update a foreign org's session",
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.foreignSessionId}`, body: { status: 'ready' } }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "delete a foreign org's session",
    request: (f) => ({ method: 'DELETE', path: `/api/voice/sessions/${f.foreignSessionId}` }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "mint a bot token for a foreign org's session",
    request: (f) => ({ method: 'POST', path: `/api/voice/sessions/${f.foreignSessionId}/bot-token` }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "get a foreign org's config",
    request: (f) => ({ method: 'GET', path: `/api/voice/configs/${f.foreignConfigId}` }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "update a foreign org's config",
    request: (f) => ({ method: 'PUT', path: `/api/voice/configs/${f.foreignConfigId}`, body: { isActive: false } }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "delete a foreign org's config",
    request: (f) => ({ method: 'DELETE', path: `/api/voice/configs/${f.foreignConfigId}` }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "delete a foreign org's transcript",
    request: (f) => ({ method: 'DELETE', path: `/api/voice/transcripts/${f.foreignTranscriptId}` }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "a session in our org using a foreign org's config",
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: f.orgId, configId: f.foreignConfigId } }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "switch a pending session to a foreign org's config",
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, body: { configId: f.foreignConfigId } }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'a session id that does not exist',
    request: () => ({ method: 'DELETE', path: `/api/voice/sessions/${randomUUID()}` }),
    status: 404,
    code: 'NOT_FOUND',
  },

  // ── State conflicts ────────────────────────────────────────────────────────────────────────────
  {
    name: 'status pending -> active (must pass through ready)',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, body: { status: 'active' } }),
    status: 409,
    code: 'INVALID_TRANSITION',
    mentions: () => ['pending', 'active'],
    details: () => ({ from: 'pending', to: 'active' }),
  },
  {
    name: 'status completed -> active (completed is final)',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.completedSessionId}`, body: { status: 'active' } }),
    status: 409,
    code: 'INVALID_TRANSITION',
    mentions: () => ['completed', 'active'],
    details: () => ({ from: 'completed', to: 'active' }),
  },
  {
    name: 'status ready -> completed, together with a name change',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.readySessionId}`, body: { status: 'completed', candidateName: 'Changed' } }),
    status: 409,
    code: 'INVALID_TRANSITION',
    mentions: () => ['ready', 'completed'],
    details: () => ({ from: 'ready', to: 'completed' }),
  },
  {
    name: 'status active -> pending',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.activeSessionId}`, body: { status: 'pending' } }),
    status: 409,
    code: 'INVALID_TRANSITION',
    mentions: () => ['active', 'pending'],
    details: () => ({ from: 'active', to: 'pending' }),
  },
  {
    name: 'change the config of an active session',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.activeSessionId}`, body: { configId: f.freeConfigId } }),
    status: 409,
    code: 'INVALID_TRANSITION',
    mentions: () => ['pending', 'active'],
  },
  {
    name: 'delete an active session',
    request: (f) => ({ method: 'DELETE', path: `/api/voice/sessions/${f.activeSessionId}` }),
    status: 409,
    code: 'SESSION_ACTIVE',
  },
  {
    name: 'mint a bot token for a completed session',
    request: (f) => ({ method: 'POST', path: `/api/voice/sessions/${f.completedSessionId}/bot-token` }),
    status: 409,
    code: 'SESSION_ENDED',
    mentions: () => ['completed'],
  },
  {
    name: 'duplicate config name',
    request: (f) => ({ method: 'POST', path: '/api/voice/configs', body: configBody(f.orgId, f.usedConfigName) }),
    status: 409,
    code: 'NAME_TAKEN',
    mentions: (f) => [f.usedConfigName],
    details: () => ({ field: 'name' }),
  },
  {
    name: 'duplicate config name hidden by surrounding spaces',
    request: (f) => ({ method: 'POST', path: '/api/voice/configs', body: configBody(f.orgId, `  ${f.usedConfigName} `) }),
    status: 409,
    code: 'NAME_TAKEN',
    details: () => ({ field: 'name' }),
  },
  {
    name: 'rename a config to a taken name',
    request: (f) => ({ method: 'PUT', path: `/api/voice/configs/${f.freeConfigId}`, body: { name: f.usedConfigName, isActive: false } }),
    status: 409,
    code: 'NAME_TAKEN',
    details: () => ({ field: 'name' }),
  },
  {
    name: 'delete a config a session uses',
    request: (f) => ({ method: 'DELETE', path: `/api/voice/configs/${f.usedConfigId}` }),
    status: 409,
    code: 'CONFIG_IN_USE',
    details: () => ({ sessions: 1 }),
  },
  {
    name: 'create a session with an inactive config',
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: f.orgId, configId: f.inactiveConfigId } }),
    status: 409,
    code: 'CONFIG_INACTIVE',
    details: (f) => ({ configId: f.inactiveConfigId }),
  },
  {
    name: 'switch a pending session to an inactive config',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, body: { configId: f.inactiveConfigId } }),
    status: 409,
    code: 'CONFIG_INACTIVE',
    details: (f) => ({ configId: f.inactiveConfigId }),
  },

  // ── Routing ────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'unknown route',
    request: () => ({ method: 'GET', path: '/api/voice/nothing-here' }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'unknown sub-route of a session',
    request: (f) => ({ method: 'POST', path: `/api/voice/sessions/${f.pendingSessionId}/rewind`, body: {} }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'PATCH on a session (wrong method)',
    request: (f) => ({ method: 'PATCH', path: `/api/voice/sessions/${f.pendingSessionId}`, body: { status: 'ready' } }),
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    mentions: () => ['PATCH'],
  },
  {
    name: 'DELETE on the sessions collection (wrong method)',
    request: (f) => ({ method: 'DELETE', path: sessionsOf(f.orgId) }),
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    details: () => ({ allowed: ['GET', 'POST'] }),
  },
  {
    name: 'POST on stats (wrong method)',
    request: (f) => ({ method: 'POST', path: '/api/voice/stats', body: { orgId: f.orgId } }),
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
  },

  // ── Hardening (issue 12) ───────────────────────────────────────────────────────────────────────
  {
    name: 'sessionMetadata nested 1,000 levels',
    request: (f) => ({ method: 'POST', path: '/api/voice/sessions', body: { orgId: f.orgId, interviewType: 'technical', sessionMetadata: nestedObject(1_000) } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sessionMetadata',
    mentions: () => ['nested deeper than 32 levels'],
  },
  {
    name: 'sessionMetadata nested 10,000 levels (beyond JSON.stringify)',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, rawBody: nestedJson('sessionMetadata', 10_000), headers: JSON_TYPE }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sessionMetadata',
  },
  {
    name: 'sessionMetadata one level deeper than allowed',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, body: { sessionMetadata: nestedObject(33) } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sessionMetadata',
  },
  {
    name: 'sessionMetadata larger than 64 KB',
    request: (f) => ({ method: 'PUT', path: `/api/voice/sessions/${f.pendingSessionId}`, body: { sessionMetadata: { notes: 'n'.repeat(70_000) } } }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'sessionMetadata',
    mentions: () => ['65536'],
  },
  {
    name: 'malformed percent-encoding in a console path (/%zz)',
    request: () => ({ method: 'GET', path: '/%zz' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'path',
  },
  {
    name: 'a lone percent sign in a console path (/%)',
    request: () => ({ method: 'GET', path: '/%' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'path',
  },
  {
    name: 'percent-encoded bytes that are not UTF-8 (/%C3%28)',
    request: () => ({ method: 'GET', path: '/assets/%C3%28.js' }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'path',
  },
  {
    name: 'malformed percent-encoding in a fixed API segment',
    request: (f) => ({ method: 'GET', path: `/api/voice/%zz?orgId=${f.orgId}` }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'path',
  },
  {
    name: 'two Host headers',
    request: (f) => ({ method: 'GET', path: '/api/me', rawHeaders: ['Host', f.host, 'Host', 'evil.example'] }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'Host',
  },
  {
    name: 'query key __proto__',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, '&__proto__=1') }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: '__proto__',
    mentions: () => ['unknown field'],
  },
  {
    name: 'query key constructor',
    request: (f) => ({ method: 'GET', path: sessionsOf(f.orgId, '&constructor=x') }),
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'constructor',
    mentions: () => ['unknown field'],
  },
];

/** `{ "k": { "k": … } }`, `levels` objects deep. */
function nestedObject(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i += 1) value = { k: value };
  return value;
}

/** A body whose `field` nests `levels` objects deep, written as text (JSON.stringify cannot). */
function nestedJson(field: string, levels: number): string {
  return `{"${field}":${'{"k":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}}`;
}

/** What a reply must never contain: stack frames, source or install paths, the data dir. */
function leaks(text: string, dataDir: string): string[] {
  const found: string[] = [];
  if (/\n\s+at\s/.test(text) || /\bat\s+\S+\s+\(/.test(text)) found.push('stack frame');
  if (/[\w-]+\.(?:[cm]?[jt]s|tsx?):\d+/.test(text)) found.push('source file:line');
  if (/node_modules|node:internal/.test(text)) found.push('module path');
  if (text.includes(repoRoot) || text.includes(repoRoot.replace(/\/$/, ''))) found.push('repository path');
  if (text.includes(dataDir)) found.push('data dir');
  if (/\b(?:SqliteError|SQLITE_[A-Z]+|TypeError|ReferenceError)\b/.test(text)) found.push('internal error name');
  return found;
}

function send(server: ServerProcess, request: CaseRequest): Promise<HttpReply> {
  const token = request.anonymous ? undefined : server.token;
  if (request.rawHeaders) return rawHeadersCall(server.url, request.method, request.path, request.rawHeaders, token);
  if (request.chunks) {
    return chunkedCall(server.url, request.method, request.path, { token, headers: request.headers, chunks: request.chunks });
  }
  return httpCall(server.url, request.method, request.path, {
    body: request.body,
    rawBody: request.rawBody,
    headers: request.headers,
    token,
  });
}

describe('bad requests are refused cleanly and change nothing', () => {
  let server: ServerProcess;
  let f: Fixtures;

  const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const reply = await server.call<{ success: boolean; data: T }>(method, path, body === undefined ? {} : { body });
    if (reply.status >= 300) throw new Error(`fixture ${method} ${path} failed: ${reply.status} ${reply.text}`);
    return reply.json.data;
  };

  beforeAll(async () => {
    server = await startServerProcess();
    const me = await ok<Me>('GET', '/api/me');
    const orgId = me.orgs[0]?.id;
    if (!orgId) throw new Error('the local user has no org');

    const usedConfigName = 'Backend screen';
    const usedConfig = await ok<{ id: string }>('POST', '/api/voice/configs', configBody(orgId, usedConfigName));
    const freeConfig = await ok<{ id: string }>('POST', '/api/voice/configs', configBody(orgId, 'Frontend screen'));
    const inactiveConfig = await ok<{ id: string }>('POST', '/api/voice/configs', {
      ...configBody(orgId, 'Retired screen'),
      isActive: false,
    });

    const newSession = (body: Record<string, unknown>): Promise<{ id: string }> =>
      ok('POST', '/api/voice/sessions', { orgId, ...body });
    const advance = async (id: string, statuses: string[]): Promise<void> => {
      for (const status of statuses) await ok('PUT', `/api/voice/sessions/${id}`, { status });
    };
    const pending = await newSession({ configId: usedConfig.id, candidateName: 'Pending Pat' });
    const ready = await newSession({ interviewType: 'behavioral', candidateName: 'Ready Rae' });
    await advance(ready.id, ['ready']);
    const active = await newSession({ interviewType: 'behavioral', candidateName: 'Active Ash' });
    await advance(active.id, ['ready', 'active']);
    const completed = await newSession({ interviewType: 'technical', candidateName: 'Completed Cy' });
    await advance(completed.id, ['ready', 'active', 'completed']);

    // A second org the local user does not belong to, with a config, a session and a transcript,
    // written by another connection while the server runs (WAL makes them visible to it).
    const foreign = {
      orgId: randomUUID(),
      configId: randomUUID(),
      sessionId: randomUUID(),
      transcriptId: randomUUID(),
    };
    const now = new Date().toISOString();
    const db = openDatabaseFile(server.dataDir);
    try {
      db.transaction(() => {
        db.prepare('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)').run(foreign.orgId, 'Someone else', now);
        db.prepare(
          `INSERT INTO voice_configs (id, org_id, name, interview_type, config_json, created_at, updated_at, created_by)
           VALUES (?, ?, 'Their config', 'technical', ?, ?, ?, 'stranger')`,
        ).run(foreign.configId, foreign.orgId, JSON.stringify(validConfigJson), now, now);
        db.prepare(
          `INSERT INTO voice_sessions (id, org_id, interview_type, status, created_at, updated_at, created_by)
           VALUES (?, ?, 'technical', 'pending', ?, ?, 'stranger')`,
        ).run(foreign.sessionId, foreign.orgId, now, now);
        db.prepare(
          `INSERT INTO voice_transcripts (id, org_id, session_id, transcript_text, created_at, updated_at, created_by)
           VALUES (?, ?, ?, 'Their private interview', ?, ?, 'stranger')`,
        ).run(foreign.transcriptId, foreign.orgId, foreign.sessionId, now, now);
      })();
    } finally {
      db.close();
    }

    f = {
      orgId,
      foreignOrgId: foreign.orgId,
      foreignSessionId: foreign.sessionId,
      foreignConfigId: foreign.configId,
      foreignTranscriptId: foreign.transcriptId,
      usedConfigId: usedConfig.id,
      usedConfigName,
      freeConfigId: freeConfig.id,
      inactiveConfigId: inactiveConfig.id,
      pendingSessionId: pending.id,
      readySessionId: ready.id,
      activeSessionId: active.id,
      completedSessionId: completed.id,
      host: new URL(server.url).host,
    };
  });

  afterAll(async () => {
    if (!server) return;
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('has a table of at least 45 cases with distinct names', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [`${c.status} ${c.code}: ${c.name}`, c] as const))('%s', async (_title, c) => {
    const request = c.request(f);
    const label = `${request.method} ${request.path.slice(0, 120)}`;
    const before = snapshotDataDir(server.dataDir);

    const reply = await send(server, request);

    const after = snapshotDataDir(server.dataDir);
    expect(changedTables(before, after), `${label} changed the database`).toEqual([]);
    expect(after.digest).toBe(before.digest);

    expect(reply.status, `${label} -> ${reply.text}`).toBe(c.status);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const body = reply.json as ApiError;
    expect(body).toMatchObject({ success: false, error: { code: c.code } });
    expect(Object.keys(body).sort()).toEqual(['error', 'success']);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(0);

    if (c.field !== undefined) {
      expect(body.error.message, 'the message names the offending field').toContain(`${c.field}:`);
      const issues = body.error.details?.issues;
      if (c.code === 'VALIDATION_ERROR' && issues !== undefined) {
        expect(issues.map((issue) => issue.field)).toContain(c.field);
      }
    }
    for (const text of c.mentions?.(f) ?? []) expect(body.error.message).toContain(text);
    if (c.details) expect(body.error.details).toMatchObject(c.details(f));

    expect(leaks(reply.text, server.dataDir)).toEqual([]);
  });

  it('the snapshot notices a real write (so "unchanged" above means something)', async () => {
    const before = snapshotDataDir(server.dataDir);
    const reply = await server.call('PUT', `/api/voice/sessions/${f.pendingSessionId}`, { body: { candidateName: 'Renamed Pat' } });
    expect(reply.status).toBe(200);
    const after = snapshotDataDir(server.dataDir);
    expect(after.digest).not.toBe(before.digest);
    expect(changedTables(before, after)).toEqual(['voice_sessions']);
  });

  it('logged no server errors while refusing', () => {
    expect(server.stderrText()).not.toContain('"level":"error"');
  });
});
