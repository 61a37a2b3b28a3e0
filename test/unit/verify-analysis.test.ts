import { describe, expect, it } from 'vitest';
import type { InterviewQuestion, ScoringRubric } from '../../contracts/config-json.js';
import type { SpeakerSegment } from '../../contracts/transcript.js';
import type { ModelAnalysis } from '../../server/analytics/analysis-schema.js';
import { AnalysisRejected, locateQuote, verifyAnalysis } from '../../server/analytics/verify-analysis.js';

const segments: SpeakerSegment[] = [
  { seq: 0, speaker: 'bot', text: 'How would you scale the queue?', startTime: 0, endTime: 2, confidence: 0.9 },
  { seq: 1, speaker: 'candidate', text: "I'd shard it by tenant — then add back-pressure.", startTime: 12.5, endTime: 18, confidence: 0.9 },
  { seq: 2, speaker: 'candidate', text: "Honestly, I'm not sure about exactly-once delivery.", startTime: 40, endTime: 44, confidence: 0.8 },
];
const rubric: ScoringRubric = { criteria: [{ name: 'depth', weight: 0.75 }, { name: 'clarity', weight: 0.25 }] };
const questions: InterviewQuestion[] = [
  { id: 'q1', text: 'Scale the queue', type: 'technical', follow_up_enabled: true, max_follow_ups: 1 },
  { id: 'q2', text: 'Delivery semantics', type: 'technical', follow_up_enabled: true, max_follow_ups: 1 },
  { id: 'q3', text: 'Team conflict', type: 'behavioral', follow_up_enabled: false, max_follow_ups: 0 },
];

function model(overrides: Partial<ModelAnalysis> = {}): ModelAnalysis {
  return {
    summary: 'Solid on scaling, unsure on delivery guarantees.',
    overall_score: 77.5,
    category_scores: [
      { criterion: 'depth', score: 80, feedback: 'Good sharding answer', evidence: ['shard it by tenant'] },
      { criterion: 'clarity', score: 70, feedback: 'Clear enough', evidence: [] },
    ],
    strengths: ['Sharding'],
    weaknesses: ['Delivery semantics'],
    recommendations: ['Follow up on exactly-once'],
    key_moments: [
      { quote: 'shard it by tenant, then add back pressure', type: 'strength', description: 'Scaling plan' },
      { quote: "I'm not sure about exactly-once delivery", type: 'concern', description: 'Semantics gap' },
    ],
    question_coverage: [
      { question_id: 'q1', status: 'answered', evidence: "I'd shard it by tenant" },
      { question_id: 'q2', status: 'partially_answered', evidence: 'exactly-once delivery' },
    ],
    ...overrides,
  };
}

describe('verifyAnalysis', () => {
  it('takes weights from the rubric and times from the segment where each quote was said', () => {
    const { record } = verifyAnalysis(model(), segments, rubric, questions);
    expect(record.overallScore).toBe(77.5);
    expect(record.categoryScores.depth).toEqual({ score: 80, weight: 0.75, feedback: 'Good sharding answer' });
    expect(record.keyMoments.map((m) => [m.timestamp, m.type])).toEqual([
      [12.5, 'strength'],
      [40, 'concern'],
    ]);
  });

  it('drops quotes that were never said', () => {
    const { record } = verifyAnalysis(
      model({ key_moments: [{ quote: 'I invented Kafka in 2009', type: 'strength', description: 'Impressive' }] }),
      segments,
      rubric,
      questions,
    );
    expect(record.keyMoments).toEqual([]);
    expect(record.detailedAnalysis.rejectedKeyMoments).toEqual([{ quote: 'I invented Kafka in 2009', reason: 'not found in the transcript' }]);
  });

  it('recomputes an overall score that does not match the weighted categories', () => {
    const { record } = verifyAnalysis(model({ overall_score: 95 }), segments, rubric, questions);
    expect(record.overallScore).toBe(77.5);
    expect(record.detailedAnalysis.overallScoreRecomputed).toEqual({ modelSaid: 95, weighted: 77.5 });
    expect(verifyAnalysis(model({ overall_score: 78.4 }), segments, rubric, questions).record.overallScore).toBe(78.4);
  });

  it('reports every configured question, including the ones the model skipped', () => {
    const { record } = verifyAnalysis(model(), segments, rubric, questions);
    expect(record.detailedAnalysis.questionCoverage).toEqual([
      { questionId: 'q1', text: 'Scale the queue', status: 'answered', evidence: [{ quote: "I'd shard it by tenant", timestamp: 12.5 }] },
      { questionId: 'q2', text: 'Delivery semantics', status: 'partially_answered', evidence: [{ quote: 'exactly-once delivery', timestamp: 40 }] },
      { questionId: 'q3', text: 'Team conflict', status: 'not_assessed', evidence: [] },
    ]);
  });

  it('keeps evidence for criteria and questions only where it was said, at that moment', () => {
    const { record } = verifyAnalysis(
      model({
        category_scores: [
          { criterion: 'depth', score: 80, feedback: '', evidence: ['then add back-pressure', 'I wrote the Raft paper'] },
          { criterion: 'clarity', score: 70, feedback: '', evidence: [''] },
        ],
        question_coverage: [{ question_id: 'q1', status: 'answered', evidence: 'I scaled it to a billion users' }],
      }),
      segments,
      rubric,
      questions,
    );
    expect(record.detailedAnalysis.criterionEvidence).toEqual({ depth: [{ quote: 'then add back-pressure', timestamp: 12.5 }] });
    expect(record.detailedAnalysis.rejectedEvidence).toEqual([
      { quote: 'I wrote the Raft paper', reason: 'not found in the transcript' },
      { quote: 'I scaled it to a billion users', reason: 'not found in the transcript' },
    ]);
    expect((record.detailedAnalysis.questionCoverage as { evidence: unknown[] }[])[0]?.evidence).toEqual([]);
  });

  it('accepts an answer from before evidence was asked for', () => {
    const { criterion, score, feedback } = { criterion: 'depth', score: 80, feedback: '' };
    const older = { ...model(), category_scores: [{ criterion, score, feedback }, { criterion: 'clarity', score: 70, feedback }], question_coverage: [{ question_id: 'q1', status: 'answered' }] };
    const { record } = verifyAnalysis(older, segments, rubric, questions);
    expect(record.detailedAnalysis.criterionEvidence).toEqual({});
    expect((record.detailedAnalysis.questionCoverage as { status: string }[])[0]?.status).toBe('answered');
  });

  it('rejects an analysis that skips a rubric criterion or has the wrong shape', () => {
    expect(() => verifyAnalysis(model({ category_scores: [{ criterion: 'depth', score: 80, feedback: '' }] }), segments, rubric, questions)).toThrow(
      AnalysisRejected,
    );
    expect(() => verifyAnalysis({ overall_score: 'high' }, segments, rubric, questions)).toThrow(/did not match the schema/);
  });

  it('matches quotes across punctuation, case and accents, but not fragments', () => {
    expect(locateQuote('I’D SHARD IT BY TENANT', segments)?.seq).toBe(1);
    expect(locateQuote('ok', segments)).toBeNull();
  });
});
