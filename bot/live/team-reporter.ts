import { z } from 'zod';
import { fullJitterDelay, type BackoffPolicy } from '../../contracts/backoff.js';
import type { ConsentRecord } from '../../contracts/consent.js';
import type { InterviewQuality } from '../../contracts/interview-quality.js';
import type { BotState } from '../../contracts/live-events.js';
import { isTerminalStatus, type SessionStatus } from '../../contracts/session.js';
import type { LiveSegment } from '../../contracts/transcript.js';
import { delay } from '../runtime/delay.js';
import { Listeners } from '../runtime/listeners.js';
import type { Logger } from '../runtime/logger.js';
import { callRpc, type RpcResult, type RpcTarget } from './postgrest-rpc.js';
import type { ReportedStatus, SessionReporter, Undelivered } from './session-reporter.js';

export interface TeamReporterOptions extends RpcTarget {
  /** The session's reporting credential (`vbr_...`); only its hash is stored on the project. */
  token: string;
  logger: Logger;
  /** Every call is bounded by this (default 5 s). */
  requestTimeoutMs?: number;
  /** Retry waits on network errors, 5xx and 429 (default 250 ms doubling up to 5 s, full jitter). */
  backoff?: BackoffPolicy;
  /** A Retry-After longer than this is cut to it (default 30 s): the bot's end will not wait longer. */
  maxRetryAfterMs?: number;
  /** Segments per call (the RPC takes 1..50). */
  batchSize?: number;
  random?: () => number;
}

type Pending =
  | { kind: 'segment'; segment: LiveSegment }
  /** `unanswered`: a call for it got no answer (it may have been applied). */
  | { kind: 'status'; report: ReportedStatus; unanswered: boolean }
  /** The consent outcome, sent ahead of the status it came with (a refusal's status ends the session). */
  | { kind: 'consent'; consent: ConsentRecord }
  /** The interview's quality figures, sent ahead of the final status (which revokes the credential). */
  | { kind: 'quality'; quality: InterviewQuality };

/** What a step of a pump did: made progress, or must wait before trying again. */
type Step = { retryAfterMs: number | null } | null;

const appendReply = z.object({ stored: z.array(z.number().int()) });

/** PostgREST maps the RPCs' SQLSTATE PT401 to 401; that one means our credential, not the anon key. */
function isCredentialRefusal(result: Extract<RpcResult, { kind: 'refused' }>): boolean {
  return result.status === 401 && (result.code === 'PT401' || result.message === 'bot credential refused');
}

/**
 * Reports a session to the team's Supabase project through its PostgREST RPCs (the issue-10
 * contract), for a bot on ECS that must not depend on any desktop.
 *
 * Final segments and statuses share one ordered queue and one call in flight: a status never
 * overtakes earlier segments (`active` is acknowledged before the first segment goes, every
 * segment before `completed`). Segments go the moment they are produced, up to 50 per call (what
 * piled up while a call was in flight). An item leaves the queue only when the project
 * acknowledges it; no answer, a 5xx or a 429 means wait (capped exponential backoff with full
 * jitter, Retry-After as a floor) and send it again, which is safe: appends are idempotent on seq
 * and the same status twice is a success. The bot's state is latest-only and broadcast-only, so it
 * has its own one-slot sender and waits only for pending statuses (a state before `active` is
 * stored would be refused).
 *
 * Refusals: 401 with the credential refusal = the session ended under the bot (`rejected`);
 * 409 = the session does not accept this now, 400 = a bug: logged, and the item kept aside for the
 * S3 fallback (a 400 on a batch is retried one segment per call, so one bad segment does not take
 * 49 good ones with it). Any other refusal (the anon key refused, the RPC missing) means reporting
 * cannot work: it stops, and everything stays listed for the fallback.
 */
export class TeamReporter implements SessionReporter {
  readonly rejected = new Listeners<string>();
  private queue: Pending[] = [];
  private readonly refusedSegments: LiveSegment[] = [];
  private readonly refusedStatuses: ReportedStatus[] = [];
  private readonly abort = new AbortController();
  private readonly options: Required<Omit<TeamReporterOptions, keyof RpcTarget | 'token' | 'logger'>>;
  private pumping = false;
  /** Why reporting stopped for good: closed, the session ended, or reporting cannot work. */
  private stopped: 'closed' | 'session ended' | 'broken' | null = null;
  private failures = 0;
  private unreachableSince: number | null = null;
  /** After a 400 on a batch: segments up to this seq go one per call. */
  private isolateThroughSeq = -1;
  private drainedWaiters: (() => void)[] = [];
  private wantedState: BotState | null = null;
  private sentState: BotState | null = null;
  private sendingState = false;
  private terminalReported = false;

  constructor(private readonly target: TeamReporterOptions) {
    this.options = {
      requestTimeoutMs: target.requestTimeoutMs ?? 5000,
      backoff: target.backoff ?? { baseMs: 250, capMs: 5000 },
      maxRetryAfterMs: target.maxRetryAfterMs ?? 30_000,
      batchSize: Math.min(50, Math.max(1, target.batchSize ?? 50)),
      random: target.random ?? Math.random,
    };
  }

  /** Nothing to connect: every call stands alone. */
  async start(): Promise<void> {}

  segment(segment: LiveSegment): void {
    // Interim text is for a live view; the project stores finals only.
    if (!segment.final || this.stopped === 'closed') return;
    this.queue.push({ kind: 'segment', segment });
    this.kick();
  }

  status(status: SessionStatus, reason?: string, quality?: InterviewQuality, consent?: ConsentRecord): void {
    if (this.stopped === 'closed') return;
    if (consent) this.queue.push({ kind: 'consent', consent });
    if (quality) this.queue.push({ kind: 'quality', quality });
    this.queue.push({ kind: 'status', report: { status, reason: reason?.slice(0, 2000) ?? null }, unanswered: false });
    this.kick();
  }

  botState(state: BotState): void {
    if (state === this.wantedState) return;
    this.wantedState = state;
    this.kickState();
  }

  async flush(timeoutMs: number): Promise<boolean> {
    if (this.settled()) return this.clean();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.drainedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.clean();
  }

  close(): void {
    if (this.stopped === null) this.stopped = 'closed';
    this.abort.abort(new Error('the reporter closed'));
    this.notifyDrained();
  }

  undelivered(): Undelivered {
    const segments = [...this.refusedSegments];
    const statuses = [...this.refusedStatuses];
    for (const item of this.queue) {
      if (item.kind === 'segment') segments.push(item.segment);
      else if (item.kind === 'status') statuses.push(item.report);
    }
    return { segments: segments.sort((a, b) => a.seq - b.seq), statuses, rejected: this.stopped === 'session ended' };
  }

  /** Nothing more will happen without new items: the queue is empty or reporting stopped. */
  private settled(): boolean {
    return this.queue.length === 0 || this.stopped !== null;
  }

  private clean(): boolean {
    return this.queue.length === 0 && this.refusedSegments.length === 0 && this.refusedStatuses.length === 0;
  }

  private notifyDrained(): void {
    if (!this.settled()) return;
    const waiters = this.drainedWaiters;
    this.drainedWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private kick(): void {
    if (this.pumping || this.stopped !== null) return;
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      this.notifyDrained();
      this.kickState();
      // An item queued after the loop's last look and before this callback must not wait for the next one.
      if (this.queue.length > 0) this.kick();
    });
  }

  /** Sends the queue's head (a batch of segments or one status) until the queue is empty. */
  private async pump(): Promise<void> {
    while (this.stopped === null && this.queue.length > 0) {
      const head = this.queue[0] as Pending;
      const step = await this.send(head);
      if (step) await this.wait(this.failures++, step.retryAfterMs);
      else this.recovered();
    }
  }

  private send(head: Pending): Promise<Step> {
    switch (head.kind) {
      case 'segment':
        return this.sendSegments();
      case 'consent':
        return this.sendAside('voice_bot_report_consent', { p_consent: head.consent }, 'the consent outcome');
      case 'quality':
        return this.sendAside('voice_bot_report_quality', { p_quality: head.quality }, 'the quality figures');
      case 'status':
        return this.sendStatus(head);
    }
  }

  private async sendSegments(): Promise<Step> {
    const first = this.queue[0];
    const limit = first?.kind === 'segment' && first.segment.seq <= this.isolateThroughSeq ? 1 : this.options.batchSize;
    const batch: LiveSegment[] = [];
    for (const item of this.queue) {
      if (item.kind !== 'segment' || batch.length >= limit) break;
      batch.push(item.segment);
    }
    const result = await this.call('voice_bot_append_segments', { p_segments: batch });
    if (result.kind === 'retry') return this.unreachable(result);
    if (result.kind === 'ok') {
      const reply = appendReply.safeParse(result.body);
      const stored = new Set(reply.success ? reply.data.stored : []);
      const acked = batch.filter((segment) => stored.has(segment.seq));
      if (acked.length === 0) {
        this.target.logger.error('the team project acknowledged none of the segments sent', { seqs: batch.length, reply: reply.success ? 'empty' : 'unreadable' });
        return { retryAfterMs: null };
      }
      this.dropFromQueue(new Set(acked.map((segment) => segment.seq)));
      return null;
    }
    if (isCredentialRefusal(result)) return this.sessionEnded(result);
    if (result.status === 400 && batch.length > 1) {
      this.target.logger.warn('the team project refused a batch as malformed; sending it one segment per call', { code: result.code, detail: this.scrub(result.message) });
      this.isolateThroughSeq = (batch.at(-1) as LiveSegment).seq;
      return null;
    }
    if (result.status === 409 || result.status === 400) {
      this.target.logger.warn(result.status === 409 ? 'the team project refused segments: the session is not active' : 'the team project refused a segment as malformed', {
        seqs: batch.map((segment) => segment.seq),
        code: result.code,
        detail: this.scrub(result.message),
      });
      this.refusedSegments.push(...batch);
      this.dropFromQueue(new Set(batch.map((segment) => segment.seq)));
      return null;
    }
    return this.broken(result);
  }

  /**
   * What the project keeps on the session beside the transcript: the consent outcome
   * (voice_bot_report_consent) and the quality figures (voice_bot_report_quality). A 400 or 409 is
   * logged and the item dropped: the interview's record does not wait on them, and the S3 fallback
   * carries only what is said and the status.
   */
  private async sendAside(rpc: string, args: Record<string, unknown>, what: string): Promise<Step> {
    const result = await this.call(rpc, args);
    if (result.kind === 'retry') return this.unreachable(result);
    if (result.kind === 'refused') {
      if (isCredentialRefusal(result)) return this.sessionEnded(result);
      if (result.status !== 409 && result.status !== 400) return this.broken(result);
      this.target.logger.warn(`the team project refused ${what}`, { code: result.code, detail: this.scrub(result.message) });
    }
    this.queue.shift();
    return null;
  }

  private async sendStatus(item: Extract<Pending, { kind: 'status' }>): Promise<Step> {
    const report = item.report;
    const result = await this.call('voice_bot_report_status', { p_status: report.status, p_reason: report.reason });
    if (result.kind === 'retry') {
      item.unanswered = true;
      return this.unreachable(result);
    }
    if (result.kind === 'refused') {
      // A final status revokes the credential: after an unanswered try, the refusal of the resend is
      // most likely our own report having been applied. Either way the session has ended, and every
      // segment before it was acknowledged (the queue is ordered), so nothing is left to deliver.
      if (isCredentialRefusal(result) && item.unanswered && isTerminalStatus(report.status)) {
        this.target.logger.info('the session has ended (the final status was applied before its answer was lost)', { status: report.status });
        this.terminalReported = true;
        this.queue.shift();
        return null;
      }
      if (isCredentialRefusal(result)) return this.sessionEnded(result);
      if (result.status !== 409 && result.status !== 400) return this.broken(result);
      this.target.logger.warn('the team project refused a status', { status: report.status, code: result.code, detail: this.scrub(result.message) });
      this.refusedStatuses.push(report);
    } else if (isTerminalStatus(report.status)) {
      // Ending revoked the credential: a later state would only be refused.
      this.terminalReported = true;
    }
    this.queue.shift();
    this.kickState();
    return null;
  }

  private kickState(): void {
    if (this.sendingState || !this.stateDue()) return;
    this.sendingState = true;
    void this.pumpState().finally(() => {
      this.sendingState = false;
      this.kickState();
    });
  }

  /** A state is waiting to go, and may go: nothing ended, and no status is pending ahead of it. */
  private stateDue(): boolean {
    if (this.stopped !== null || this.terminalReported || this.wantedState === null || this.wantedState === this.sentState) return false;
    return !this.queue.some((item) => item.kind === 'status');
  }

  /** Sends the latest state, once, after every pending status (never a stale one after a newer). */
  private async pumpState(): Promise<void> {
    let failures = 0;
    while (this.stateDue()) {
      const state = this.wantedState as BotState;
      const result = await this.call('voice_bot_report_state', { p_state: state });
      if (result.kind === 'retry') {
        await this.wait(failures++, result.retryAfterMs);
        continue;
      }
      if (result.kind === 'refused') {
        if (isCredentialRefusal(result)) {
          this.sessionEnded(result);
          return;
        }
        this.target.logger.debug('the team project refused a bot state', { state, status: result.status, code: result.code });
      }
      failures = 0;
      this.sentState = state;
    }
  }

  private call(name: string, args: Record<string, unknown>): Promise<RpcResult> {
    return callRpc(this.target, name, { p_token: this.target.token, ...args }, { timeoutMs: this.options.requestTimeoutMs, signal: this.abort.signal });
  }

  private dropFromQueue(seqs: Set<number>): void {
    this.queue = this.queue.filter((item) => item.kind !== 'segment' || !seqs.has(item.segment.seq));
  }

  private async wait(attempt: number, retryAfterMs: number | null): Promise<void> {
    const floor = Math.min(retryAfterMs ?? 0, this.options.maxRetryAfterMs);
    await delay(fullJitterDelay(attempt, this.options.backoff, this.options.random, floor), this.abort.signal).catch(() => undefined);
  }

  private unreachable(result: Extract<RpcResult, { kind: 'retry' }>): Step {
    if (this.unreachableSince === null) {
      this.unreachableSince = Date.now();
      this.target.logger.warn('the team project is unreachable; keeping what is unacknowledged and retrying', { why: this.scrub(result.why) });
    } else {
      this.target.logger.debug('the team project is still unreachable', { why: this.scrub(result.why), attempt: this.failures + 1 });
    }
    return { retryAfterMs: result.retryAfterMs };
  }

  private recovered(): void {
    this.failures = 0;
    if (this.unreachableSince === null) return;
    this.target.logger.info('the team project answers again', { outageMs: Date.now() - this.unreachableSince, pending: this.queue.length });
    this.unreachableSince = null;
  }

  private sessionEnded(result: Extract<RpcResult, { kind: 'refused' }>): Step {
    if (this.stopped === null) {
      this.stopped = 'session ended';
      this.target.logger.warn('the team project refused the reporting credential; the session has ended', { status: result.status });
      this.abort.abort(new Error('the session ended'));
      this.notifyDrained();
      this.rejected.emit(`the team project refused the reporting credential (HTTP ${result.status})`);
    }
    return null;
  }

  private broken(result: Extract<RpcResult, { kind: 'refused' }>): Step {
    if (this.stopped === null) {
      this.stopped = 'broken';
      this.target.logger.error('the team project refuses reporting (anon key, grants or RPCs); keeping everything for the fallback', {
        status: result.status,
        code: result.code,
        detail: this.scrub(result.message),
      });
      this.notifyDrained();
    }
    return null;
  }

  /** A refusal's text comes from the project; make sure the credential never reaches a log through it. */
  private scrub(text: string): string {
    return text.split(this.target.token).join('[credential]').split(this.target.anonKey).join('[anon key]');
  }
}
