import { isOrgAdmin } from '../../contracts/identity.js';
import { listTranscriptsQuery, transcriptPageSize, type Transcript } from '../../contracts/transcript.js';
import { ApiFailure, notFound } from '../http/api-failure.js';
import type { RequestContext, Router } from '../http/router.js';
import type { ArchiveWorker } from '../archive/archive-worker.js';
import type { SearchPool } from '../store/search-pool.js';
import type { ApiDeps } from './api-deps.js';
import { requireOrgMember, requireVisible } from './org-access.js';
import { pathId, query } from './route-params.js';

export function registerTranscriptRoutes(router: Router, deps: ApiDeps, archive: ArchiveWorker, search: SearchPool): void {
  const { stores } = deps;

  const loadVisible = (ctx: RequestContext) => {
    const transcript = stores.transcripts.get(pathId(ctx));
    if (!transcript) throw notFound('Transcript');
    const role = requireVisible(stores.memberships, ctx.user, transcript.orgId, 'Transcript');
    return { transcript, role };
  };

  router.add('GET', '/api/voice/transcripts', async (ctx) => {
    const q = query(ctx, listTranscriptsQuery);
    requireOrgMember(stores.memberships, ctx.user, q.orgId);
    const result = q.q !== undefined ? await search.search(q) : stores.transcripts.list(q);
    if (!result) {
      throw new ApiFailure(400, 'VALIDATION_ERROR', 'Invalid request: q: must contain at least one letter or digit', {
        issues: [{ field: 'q', message: 'must contain at least one letter or digit' }],
      });
    }
    const { items, total } = result;
    return { data: items, pagination: { total, limit: transcriptPageSize(q), offset: q.offset, hasMore: q.offset + items.length < total } };
  }, { cacheable: true });

  /** The whole transcript: the words fetched back from the archive when only S3 has them; every read is audited. */
  const readWhole = async (ctx: RequestContext, transcript: Transcript): Promise<Transcript> => {
    // Who read a candidate's words, and when (the audit log keeps the ids, never the words).
    stores.audit.record({
      orgId: transcript.orgId,
      actor: { id: ctx.user.id, email: ctx.user.email || null },
      action: 'transcript.viewed',
      targetType: 'transcript',
      targetId: transcript.id,
      details: { sessionId: transcript.sessionId },
    });
    const notCached = transcript.transcriptText === '' && transcript.speakerSegments.length === 0 && transcript.wordCount > 0;
    if (!notCached || !transcript.transcriptS3Url) return transcript;
    // Only the archive has the words (e.g. a transcript synced from a teammate): fetch and cache them.
    const bucket = archive.currentBucket();
    if (!bucket) throw new ApiFailure(409, 'NOT_CONFIGURED', 'This transcript is archived in S3, but no bucket is configured in Settings');
    let archived;
    try {
      archived = await bucket.fetch(transcript.transcriptS3Url);
    } catch (error) {
      throw new ApiFailure(502, 'PROVIDER_ERROR', `Could not fetch the transcript from S3: ${error instanceof Error ? error.name : String(error)}`);
    }
    stores.transcripts.restoreText(transcript.id, archived.transcriptText, archived.speakerSegments);
    return { ...transcript, transcriptText: archived.transcriptText, speakerSegments: archived.speakerSegments };
  };

  router.add('GET', '/api/voice/transcripts/:id', async (ctx) => ({ data: await readWhole(ctx, loadVisible(ctx).transcript) }));

  // A session's transcript in one request (null until there is one): the console's Transcript tab
  // asks by session, so it need not find the id in the list first.
  router.add('GET', '/api/voice/sessions/:id/transcript', async (ctx) => {
    const session = stores.sessions.get(pathId(ctx));
    if (!session) throw notFound('Session');
    requireVisible(stores.memberships, ctx.user, session.orgId, 'Session');
    const id = stores.transcripts.idForSession(session.id);
    const transcript = id ? stores.transcripts.get(id) : undefined;
    return { data: transcript ? await readWhole(ctx, transcript) : null };
  });

  router.add('DELETE', '/api/voice/transcripts/:id', (ctx) => {
    const { transcript, role } = loadVisible(ctx);
    if (!isOrgAdmin(role)) throw new ApiFailure(403, 'FORBIDDEN', 'Only org admins can delete transcripts');
    stores.transcripts.delete(transcript.id);
    stores.audit.record({
      orgId: transcript.orgId,
      actor: { id: ctx.user.id, email: ctx.user.email || null },
      action: 'transcript.deleted',
      targetType: 'transcript',
      targetId: transcript.id,
      details: { sessionId: transcript.sessionId },
    });
    return { data: { id: transcript.id, deleted: true } };
  });
}
