/**
 * The seed's own example `config_json` (technical spec, section 1.3), verbatim: rubric criteria are
 * plain names there. Kept as the seed wrote it so the tests prove a config from that system loads.
 */
export const seedExampleConfigJson = {
  bot_name: 'Interview Assistant',
  system_prompt: 'You are conducting a technical interview...',
  initial_message: "Hello! I'm your interview assistant today.",
  voice: { provider: 'cartesia', voice_id: 'en-US-Neural2-A', speed: 1.0 },
  transcription: { provider: 'deepgram', language: 'en-US', model: 'nova-2' },
  llm: { provider: 'openai', model: 'gpt-4', temperature: 0.7, max_tokens: 500 },
  interview: {
    max_duration_minutes: 30,
    questions: [{ id: 'q1', text: 'Tell me about your experience with...', type: 'open', follow_up_enabled: true }],
    scoring_rubric: { criteria: ['communication', 'technical_depth', 'problem_solving'] },
  },
} as const;
