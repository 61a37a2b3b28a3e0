import { randomUUID } from 'node:crypto';
import { isOrgAdmin } from '../../contracts/identity.js';
import {
  createSessionBody,
  isTerminalStatus,
  listSessionsQuery,
  sessionCountsQuery,
  updateSessionBody,
  type BotTokenGrant,
  type VoiceSessionDetail,
} from '../../contracts/session.js';
import { transition } from '../domain/transition.js';
import { ApiFailure, notFound } from '../http/api-failure.js';
import type { RequestContext, Router } from '../http/router.js';
import { validate } from '../http/validate.js';
import { nowIso } from '../runtime/clock.js';
import { toVoiceSession, type SessionChanges, type StoredVoiceSession } from '../store/session-store.js';
import type { ApiDeps } from './api-deps.js';
import { mayRevealJoinToken, requireOrgMember, requireVisible } from './org-access.js';
import { pathId, query } from './route-params.js';

const BOT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export function registerSessionRoutes(router: Router, deps: ApiDeps): void {
  const { stores } = deps;

  const loadVisible = (ctx: RequestContext): { row: StoredVoiceSession; role: ReturnType<typeof requireVisible> } => {
    const id = pathId(ctx);
    const row = stores.sessions.get(id);
    if (!row) throw notFound('Session');
    return { row, role: requireVisible(stores.memberships, ctx.user, row.orgId, 'Session') };
  };

  const activeConfig = (orgId: string, configId: string): { interviewType: string; version: number } => {
    const config = stores.configs.get(configId);
    if (!config || config.orgId !== orgId) throw notFound('Config');
    if (!config.isActive) {
      throw new ApiFailure(409, 'CONFIG_INACTIVE', `Config "${config.name}" is inactive; activate it or choose an active config`, {
        configId,
      });
    }
    return { interviewType: config.interviewType, version: config.version };
  };

  router.add('GET', '/api/voice/sessions', (ctx) => {
    const q = query(ctx, listSessionsQuery);
    const role = requireOrgMember(stores.memberships, ctx.user, q.orgId);
    const { sessions, total } = stores.sessions.list(q);
    return {
      data: sessions.map((session) => toVoiceSession(session, mayRevealJoinToken(role, ctx.user, session.createdBy))),
      pagination: { total, limit: q.limit, offset: q.offset, hasMore: q.offset + sessions.length < total },
    };
  }, { cacheable: true });

  // Before `/sessions/:id`, which would otherwise take "counts" for an id.
  router.add('GET', '/api/voice/sessions/counts', (ctx) => {
    const q = query(ctx, sessionCountsQuery);
    requireOrgMember(stores.memberships, ctx.user, q.orgId);
    return { data: stores.sessions.countByStatus(q) };
  }, { cacheable: true });

  router.add('GET', '/api/voice/sessions/:id', (ctx) => {
    const { row, role } = loadVisible(ctx);
    const detail: VoiceSessionDetail = {
      ...toVoiceSession(row, mayRevealJoinToken(role, ctx.user, row.createdBy)),
      statusHistory: stores.sessions.history(row.id),
    };
    return { data: detail };
  });

  router.add('POST', '/api/voice/sessions', async (ctx) => {
    const body = validate(createSessionBody, await ctx.body());
    requireOrgMember(stores.memberships, ctx.user, body.orgId);
    const config = body.configId ? activeConfig(body.orgId, body.configId) : null;
    const interviewType = body.interviewType ?? config?.interviewType;
    if (!interviewType) {
      throw new ApiFailure(400, 'VALIDATION_ERROR', 'Invalid request: interviewType: required when no configId is given', {
        issues: [{ field: 'interviewType', message: 'required when no configId is given' }],
      });
    }
    const now = nowIso();
    const id = randomUUID();
    stores.transaction(() => {
      stores.sessions.insert({
        id,
        orgId: body.orgId,
        candidateName: body.candidateName ?? null,
        candidateEmail: body.candidateEmail ?? null,
        interviewType,
        configId: body.configId ?? null,
        configVersion: config?.version ?? null,
        status: 'pending',
        dailyRoomUrl: null,
        dailyRoomName: null,
        dailyRoomToken: null,
        ecsTaskArn: null,
        sessionMetadata: body.sessionMetadata ?? {},
        startedAt: null,
        completedAt: null,
        durationSeconds: null,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.user.id,
        updatedBy: null,
      });
      stores.sessions.addHistory(id, null, 'pending', now, ctx.user.id, null);
    });
    return { status: 201, data: toVoiceSession(stores.sessions.get(id) as StoredVoiceSession, true) };
  });

  router.add('PUT', '/api/voice/sessions/:id', async (ctx) => {
    const id = pathId(ctx);
    const body = validate(updateSessionBody, await ctx.body());
    const { row, role } = loadVisible(ctx);
    const now = nowIso();
    const changes: SessionChanges = {};
    if (body.candidateName !== undefined) changes.candidateName = body.candidateName;
    if (body.candidateEmail !== undefined) changes.candidateEmail = body.candidateEmail;
    if (body.interviewType !== undefined) changes.interviewType = body.interviewType;
    if (body.sessionMetadata !== undefined) changes.sessionMetadata = body.sessionMetadata;
    if (body.configId !== undefined && body.configId !== row.configId) {
      if (row.status !== 'pending') {
        throw new ApiFailure(409, 'INVALID_TRANSITION', `The config can only be changed while the session is pending (it is ${row.status})`);
      }
      changes.configId = body.configId;
      changes.configVersion = body.configId ? activeConfig(row.orgId, body.configId).version : null;
    }
    transition(stores, deps.statusEvents, (change) => {
      if (body.status !== undefined && body.status !== row.status) {
        change(row, body.status, ctx.user.id, 'updated by user', now, changes);
      } else if (Object.keys(changes).length > 0) {
        stores.sessions.update(id, { ...changes, updatedAt: now, updatedBy: ctx.user.id });
      }
    });
    const updated = stores.sessions.get(id) as StoredVoiceSession;
    return { data: toVoiceSession(updated, mayRevealJoinToken(role, ctx.user, updated.createdBy)) };
  });

  router.add('DELETE', '/api/voice/sessions/:id', (ctx) => {
    const { row, role } = loadVisible(ctx);
    if (!isOrgAdmin(role) && row.createdBy !== ctx.user.id) {
      throw new ApiFailure(403, 'FORBIDDEN', "Only the session's creator or an org admin can delete it");
    }
    if (row.status === 'active') {
      throw new ApiFailure(409, 'SESSION_ACTIVE', 'Cannot delete an active session; complete or cancel it first');
    }
    stores.sessions.delete(row.id);
    stores.audit.record({
      orgId: row.orgId,
      actor: { id: ctx.user.id, email: ctx.user.email || null },
      action: 'session.deleted',
      targetType: 'session',
      targetId: row.id,
    });
    return { data: { id: row.id, deleted: true } };
  });

  router.add('POST', '/api/voice/sessions/:id/bot-token', (ctx) => {
    const { row, role } = loadVisible(ctx);
    if (!mayRevealJoinToken(role, ctx.user, row.createdBy)) {
      throw new ApiFailure(403, 'FORBIDDEN', "Only the session's creator or an org admin can mint its bot token");
    }
    if (isTerminalStatus(row.status)) {
      throw new ApiFailure(409, 'SESSION_ENDED', `The session is ${row.status}; a bot can no longer join it`);
    }
    const { token, expiresAt } = stores.botTokens.mint(row.id, new Date(), BOT_TOKEN_TTL_MS);
    const grant: BotTokenGrant = { sessionId: row.id, botToken: token, expiresAt };
    return { status: 201, data: grant };
  });
}
