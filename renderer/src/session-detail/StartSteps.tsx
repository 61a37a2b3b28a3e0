import type { BotRunnerKind } from '../../../contracts/integrations.js';
import type { SessionStatus } from '../../../contracts/session.js';
import { runnerPlace } from './bot-runner-name.js';

type StepState = 'done' | 'current' | 'next';

interface Step {
  key: string;
  label: string;
  state: StepState;
  detail: string | null;
}

export interface StartProgress {
  /** `starting`: the start request is in flight; otherwise the session's status says how far it got. */
  phase: 'starting' | SessionStatus;
  runner: BotRunnerKind | null;
  roomName: string | null;
  botHandle: string | null;
}

const stateText: Record<StepState, string> = { done: 'done', current: 'in progress', next: 'not started' };

/**
 * The start flow's steps. While the one start request is in flight only its first step is shown as
 * under way: the server answers once, so a later step is marked done only when the answer says so.
 */
export function startSteps({ phase, runner, roomName, botHandle }: StartProgress): Step[] {
  const started = phase === 'ready' || phase === 'active' || phase === 'completed';
  const bot = `Dispatch the interview bot${runner ? ` ${runnerPlace(runner)}` : ''}`;
  return [
    { key: 'room', label: 'Create the call room', state: phase === 'starting' ? 'current' : started ? 'done' : 'next', detail: started ? roomName : null },
    { key: 'bot', label: bot, state: started ? 'done' : 'next', detail: started ? botHandle : null },
    {
      key: 'candidate',
      label: 'Wait for the candidate',
      state: phase === 'ready' ? 'current' : phase === 'active' || phase === 'completed' ? 'done' : 'next',
      detail: phase === 'ready' ? 'The status turns active by itself when the candidate joins and the bot begins.' : phase === 'active' ? 'The candidate joined; the interview is running.' : null,
    },
  ];
}

export function StartSteps(progress: StartProgress) {
  return (
    <ol className="start-steps" aria-label="Start progress" aria-live="polite" data-testid="start-steps">
      {startSteps(progress).map((step) => (
        <li key={step.key} className={`start-step step-${step.state}`} data-step={step.key} data-state={step.state}>
          <span className="step-mark" aria-hidden="true">
            {step.state === 'done' ? '✓' : step.state === 'current' ? '' : '○'}
          </span>
          <span className="step-label">
            {step.label}
            {step.state !== 'current' && <span className="visually-hidden">: {stateText[step.state]}</span>}
            {step.state === 'current' && <span className="step-now"> · {step.key === 'candidate' ? 'waiting' : 'in progress'}</span>}
          </span>
          {step.detail && <span className="step-detail">{step.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
