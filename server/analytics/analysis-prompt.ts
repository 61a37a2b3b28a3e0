import type { ConfigJson } from '../../contracts/config-json.js';
import { isEnglish, languageName, questionTextIn } from '../../contracts/interview-language.js';
import type { SpeakerSegment } from '../../contracts/transcript.js';

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/** The analyst's brief and the transcript, with times, as chat messages. */
export function analysisMessages(config: ConfigJson, interviewType: string, segments: SpeakerSegment[]): { role: 'system' | 'user'; content: string }[] {
  const rubric = config.interview.scoring_rubric.criteria
    .map((criterion) => `- ${criterion.name} (weight ${criterion.weight})${criterion.description ? `: ${criterion.description}` : ''}`)
    .join('\n');
  // The questions as the candidate heard them, in the interview's language.
  const language = config.transcription.language;
  const questions = config.interview.questions.map((question) => `- ${question.id}: ${questionTextIn(question, language)}`).join('\n') || '- (none configured)';
  const transcript = segments
    .map((segment) => `[${clock(segment.startTime)}] ${segment.speaker === 'bot' ? 'Interviewer' : 'Candidate'}: ${segment.text}`)
    .join('\n');
  return [
    {
      role: 'system',
      content: [
        `You are an experienced interview analyst scoring a ${interviewType} interview.`,
        'Score each rubric criterion from 0 to 100 with specific feedback; the overall score is the weighted average of the criteria.',
        'Quote the candidate verbatim in key moments: quotes are checked against the transcript and dropped if not found.',
        'For each configured question, say whether it was answered, partially answered, not answered, or not asked, with the candidate\'s answering words quoted verbatim as evidence (empty when there are none).',
        'For each criterion, give up to two verbatim candidate quotes as the evidence for its score.',
        'Judge only what is in the transcript. Do not invent facts about the candidate.',
        ...(isEnglish(language)
          ? []
          : [`The interview was held in ${languageName(language)} (${language}). Write the summary, feedback, strengths, weaknesses, recommendations and every description in ${languageName(language)}; quotes stay exactly as said.`]),
        `Rubric:\n${rubric}`,
        `Questions:\n${questions}`,
      ].join('\n\n'),
    },
    { role: 'user', content: `Interview transcript:\n${transcript}` },
  ];
}
