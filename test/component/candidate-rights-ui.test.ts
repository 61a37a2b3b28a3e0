import { describe, expect, it } from 'vitest';
import type { VoiceAnalytics } from '../../contracts/analytics.js';
import { consentTemplates } from '../../contracts/consent.js';
import { invitationHtml, invitationMailto, invitationText, type InvitationFacts } from '../../renderer/src/session-detail/invitation.js';
import { redactReportSource, redactTranscriptSource } from '../../renderer/src/session-detail/redact-export.js';
import { reportJson, reportMarkdown, type ReportSource } from '../../renderer/src/session-detail/report-export.js';
import { transcriptJson, transcriptMarkdown, transcriptPlainText, type ExportSource } from '../../renderer/src/session-detail/transcript-export.js';
import { storeOutcomeText } from '../../renderer/src/settings/store-outcome.js';

const facts: InvitationFacts = {
  candidateName: 'Grace <Hopper>',
  interviewType: 'technical',
  botName: 'Ada',
  maxDurationMinutes: 30,
  link: 'https://acme.daily.co/voice-1?t=tok&x=1',
  disclosure: consentTemplates.illinois.settings.disclosure,
  retentionDays: 90,
  contactEmail: 'recruiter@acme.example',
  orgName: 'Acme',
};

describe('the invitation', () => {
  it('plain text: link, disclosure, what is recorded and how used, retention, how to ask for deletion', () => {
    const text = invitationText(facts);
    expect(text).toContain('Join here: https://acme.daily.co/voice-1?t=tok&x=1');
    expect(text).toContain('artificial intelligence system');
    expect(text).toContain('What is recorded and how it is used');
    expect(text).toContain('for 90 days after the interview');
    expect(text).toContain('delete your interview data: write to recruiter@acme.example');
  });

  it('without a retention policy or a consent block it still says both, in general words', () => {
    const text = invitationText({ ...facts, retentionDays: null, disclosure: null });
    expect(text).toContain('only as long as your application needs them');
    expect(text).toContain('conducted by an AI interviewer');
  });

  it('HTML: every value escaped, the link the only anchor', () => {
    const html = invitationHtml(facts);
    expect(html).toContain('Hi Grace &lt;Hopper&gt;,');
    expect(html).toContain('<a href="https://acme.daily.co/voice-1?t=tok&amp;x=1">Join the interview</a>');
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('90 days');
  });

  it('mailto: addressed to the candidate, subject and the plain text as body', () => {
    const link = invitationMailto(facts, 'grace@example.com');
    expect(link.startsWith('mailto:grace@example.com?subject=')).toBe(true);
    const params = new URLSearchParams(link.slice(link.indexOf('?') + 1));
    expect(params.get('subject')).toBe('Your technical interview with Acme');
    expect(params.get('body')).toBe(invitationText(facts));
  });
});

const exportSource: ExportSource = {
  session: { id: 's-1', candidateName: 'Grace Hopper', candidateEmail: 'grace@example.com', interviewType: 'technical', startedAt: '2026-12-01T10:00:00.000Z', durationSeconds: 600 },
  transcript: {
    id: 't-1',
    wordCount: 20,
    createdAt: '2026-12-01T10:10:00.000Z',
    speakerSegments: [
      { seq: 0, speaker: 'bot', text: 'Hello Grace, how can we reach you?', startTime: 0, endTime: 2, confidence: null },
      { seq: 1, speaker: 'candidate', text: 'Mail grace@example.com or call +44 20 7946 0958; I live at 12 Oak Lane.', startTime: 2, endTime: 8, confidence: 0.9 },
    ],
  },
};

describe('"Redact personal data" on exports and copies', () => {
  it('every format is built from the redacted source: no e-mail, phone or address, the name only when asked', () => {
    const redacted = redactTranscriptSource(exportSource, { redact: true, includeName: false });
    for (const output of [transcriptPlainText(redacted), transcriptMarkdown(redacted), transcriptJson(redacted)]) {
      expect(output).not.toContain('grace@example.com');
      expect(output).not.toContain('7946');
      expect(output).not.toContain('Oak Lane');
      expect(output).toContain('EMAIL');
    }
    expect(transcriptPlainText(redacted)).toContain('Hello Grace');
    const named = redactTranscriptSource(exportSource, { redact: true, includeName: true });
    expect(transcriptMarkdown(named)).not.toMatch(/Grace/);
    expect(transcriptPlainText(redactTranscriptSource(exportSource, { redact: false, includeName: true }))).toContain('grace@example.com');
  });

  it('the report: analysis texts and quotes at any depth are redacted too', () => {
    const analytics: VoiceAnalytics = {
      id: 'a-1', orgId: 'o-1', sessionId: 's-1', transcriptId: 't-1', createdAt: '2026-12-01T11:00:00.000Z', updatedAt: '2026-12-01T11:00:00.000Z', createdBy: 'u-1',
      overallScore: 81, categoryScores: { communication: { score: 81, weight: 1, feedback: 'Gave grace@example.com as contact' } },
      strengths: ['Gave grace@example.com as contact'], weaknesses: [], recommendations: [],
      keyMoments: [{ quote: 'call me on +44 20 7946 0958', type: 'strength', description: 'x', timestamp: 3 }],
      detailedAnalysis: {
        summary: 'Grace Hopper was precise.',
        questionCoverage: [{ questionId: 'q1', text: 'Contact?', status: 'answered', evidence: [{ quote: 'I live at 12 Oak Lane', timestamp: 2 }] }],
        criterionEvidence: { communication: [{ quote: 'call me on +44 20 7946 0958', timestamp: 3 }] },
      },
      modelUsed: 'gpt-4o', processingTimeMs: 900,
    };
    const source: ReportSource = { session: { ...exportSource.session, createdAt: '2026-12-01T09:00:00.000Z' }, analytics, transcript: exportSource.transcript, questions: [] };
    const redacted = redactReportSource(source, { redact: true, includeName: true });
    const json = JSON.stringify(redacted);
    expect(json).not.toContain('grace@example.com');
    expect(json).not.toContain('7946');
    expect(json).not.toContain('Grace');
    expect(json).not.toContain('Oak Lane');
    expect(reportMarkdown(redacted)).not.toContain('7946');
    expect(reportJson(redacted)).not.toContain('grace@example.com');
  });
});

describe('store outcomes in words', () => {
  it('done with counts, pending with the reason, or not used', () => {
    expect(storeOutcomeText({ state: 'done', counts: { sessions: 2, transcripts: 1, liveSegments: 0, analytics: 1, archiveObjects: 0 }, lastError: null, doneAt: 'x' })).toBe(
      'Done: 2 sessions, 1 transcript, 1 analysis',
    );
    expect(storeOutcomeText({ state: 'pending', counts: null, lastError: 'offline', doneAt: null })).toBe('Pending: offline (retried automatically)');
    expect(storeOutcomeText({ state: 'not_applicable', counts: null, lastError: null, doneAt: null })).toBe('Not used');
  });
});

describe('the consent outcome on the transcript and its exports', () => {
  const withConsent: ExportSource = {
    ...exportSource,
    session: { ...exportSource.session, sessionMetadata: { consent: { given: true, at: '2026-12-01T10:00:05.000Z', words: 'Yes, write to grace@example.com if needed', configVersion: 3 } } },
  };

  it('every export says when consent was given, in whose words, under which config version', () => {
    expect(transcriptMarkdown(withConsent)).toContain('**AI consent:** Given 2026-12-01 10:00 UTC: “Yes, write to grace@example.com if needed” (config v3)');
    expect(JSON.parse(transcriptJson(withConsent)).session.consent).toMatchObject({ given: true, configVersion: 3 });
    expect(transcriptMarkdown(exportSource)).not.toContain('AI consent');
  });

  it('redacted exports redact the consent words too', () => {
    const redacted = redactTranscriptSource(withConsent, { redact: true, includeName: false });
    expect(transcriptMarkdown(redacted)).toContain('AI consent:** Given');
    expect(transcriptMarkdown(redacted)).not.toContain('grace@example.com');
  });
});
