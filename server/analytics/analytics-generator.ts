import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import type { AnalyticsJobState } from '../../contracts/analysis-details.js';
import type { VoiceAnalytics } from '../../contracts/analytics.js';
import { configForSession } from '../domain/session-config.js';
import { ApiFailure } from '../http/api-failure.js';
import type { ProviderEndpoints } from '../providers/provider-endpoints.js';
import { scrub } from '../providers/provider-request.js';
import { nowIso } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { Stores } from '../store/stores.js';
import { analysisMessages } from './analysis-prompt.js';
import { analysisJsonSchema } from './analysis-schema.js';
import { AnalysisRejected, verifyAnalysis } from './verify-analysis.js';

export const DEFAULT_ANALYSIS_MODEL = 'gpt-4o';


/**
 * AI analytics for a finished interview (seed 1.5, 4.2): OpenAI with a strict JSON-schema output,
 * verified against the transcript before it is stored. Failures are recorded on the session and
 * nothing half-written is stored; regenerating replaces the session's single row.
 */
export class AnalyticsGenerator {
  private readonly inFlight = new Map<string, Promise<VoiceAnalytics>>();

  constructor(
    private readonly stores: Stores,
    private readonly vault: CredentialVault,
    private readonly endpoints: ProviderEndpoints,
    private readonly logger: Logger,
    private readonly timeoutMs = 90_000,
  ) {}

  /** Generates (or regenerates) the analysis; concurrent calls for one session share the run. */
  generate(sessionId: string, actor: string): Promise<VoiceAnalytics> {
    let run = this.inFlight.get(sessionId);
    if (!run) {
      run = this.run(sessionId, actor).finally(() => this.inFlight.delete(sessionId));
      this.inFlight.set(sessionId, run);
    }
    return run;
  }

  private async run(sessionId: string, actor: string): Promise<VoiceAnalytics> {
    const session = this.stores.sessions.get(sessionId);
    if (!session) throw new ApiFailure(404, 'NOT_FOUND', 'Session not found');
    const transcriptId = this.stores.transcripts.idForSession(sessionId);
    const transcript = transcriptId ? this.stores.transcripts.get(transcriptId) : undefined;
    if (!transcript || transcript.speakerSegments.length === 0) {
      throw new ApiFailure(409, 'NOT_CONFIGURED', 'There is no transcript to analyse yet');
    }
    const key = await this.vault.keyFor(session.orgId, 'openai');
    if (!key) {
      const error = 'No OpenAI API key for this organization: add one in Settings > Keys';
      this.record(sessionId, { status: 'failed', at: nowIso(), error });
      throw new ApiFailure(409, 'NOT_CONFIGURED', error);
    }
    const config = configForSession(this.stores, session);
    const model = config.llm.model || DEFAULT_ANALYSIS_MODEL;
    this.record(sessionId, { status: 'running', at: nowIso() });
    const started = Date.now();
    try {
      const client = new OpenAI({ apiKey: key, baseURL: this.endpoints.openai, timeout: this.timeoutMs, maxRetries: 2 });
      const completion = await client.chat.completions.create({
        model,
        temperature: 0.2,
        messages: analysisMessages(config, session.interviewType, transcript.speakerSegments),
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'interview_analysis',
            strict: true,
            schema: analysisJsonSchema(config.interview.scoring_rubric, config.interview.questions.map((q) => q.id)),
          },
        },
      });
      const message = completion.choices[0]?.message;
      if (!message) throw new AnalysisRejected('OpenAI returned no answer');
      if (message.refusal) throw new AnalysisRejected(`The model refused: ${message.refusal}`);
      let raw: unknown;
      try {
        raw = JSON.parse(message.content ?? '');
      } catch {
        throw new AnalysisRejected('The model returned invalid JSON');
      }
      const verified = verifyAnalysis(raw, transcript.speakerSegments, config.interview.scoring_rubric, config.interview.questions);
      const now = nowIso();
      this.stores.transaction(() => {
        this.stores.analytics.save(
          { id: randomUUID(), orgId: session.orgId, sessionId, transcriptId: transcript.id, createdBy: actor, now },
          { ...verified.record, modelUsed: completion.model || model, processingTimeMs: Date.now() - started },
        );
        this.stores.transcripts.setSummary(transcript.id, verified.summary);
        this.record(sessionId, { status: 'completed', at: now });
      });
      this.logger.info('analytics generated', { sessionId, model, ms: Date.now() - started });
      return this.stores.analytics.forSession(sessionId) as VoiceAnalytics;
    } catch (error) {
      const reason = this.describe(error, key);
      this.record(sessionId, { status: 'failed', at: nowIso(), error: reason });
      this.logger.warn('analytics generation failed', { sessionId, reason });
      throw new ApiFailure(502, 'PROVIDER_ERROR', `Analytics could not be generated: ${reason}`);
    }
  }

  private describe(error: unknown, key: string): string {
    if (error instanceof AnalysisRejected) return error.message;
    if (error instanceof OpenAI.APIConnectionTimeoutError) return 'OpenAI did not answer in time';
    if (error instanceof OpenAI.APIConnectionError) return 'Could not reach OpenAI';
    if (error instanceof OpenAI.APIError) {
      const kind = error.status === 401 ? 'rejected the key' : error.status === 429 ? 'is rate-limiting requests' : 'answered with an error';
      return scrub(`OpenAI ${kind} (${error.status ?? 'no status'} ${error.code ?? error.type ?? ''})`.replace(/ \)$/, ')'), [key]);
    }
    return scrub(error instanceof Error ? error.message : String(error), [key]);
  }

  /**
   * The job's state, kept in the session's metadata so the Analytics tab can show it. The session
   * is read again here: the keychain and OpenAI are awaited in between, and what the bot or a
   * user wrote to the metadata meanwhile (consent, quality figures) must not be overwritten.
   */
  private record(sessionId: string, state: AnalyticsJobState): void {
    // One transaction: another process (a sync worker) cannot commit between the read and the write.
    this.stores.transaction(() => {
      const session = this.stores.sessions.get(sessionId);
      if (!session) return;
      const metadata = { ...session.sessionMetadata, analytics: state };
      this.stores.sessions.update(session.id, { sessionMetadata: metadata, updatedAt: nowIso(), updatedBy: session.updatedBy });
    });
  }
}
