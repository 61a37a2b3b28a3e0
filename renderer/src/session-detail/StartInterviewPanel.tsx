import { useState } from 'react';
import type { EffectiveIntegrationSettings } from '../../../contracts/integrations.js';
import type { VoiceSession } from '../../../contracts/session.js';
import { apiPost } from '../api/api-client.js';
import { useApiGet } from '../api/use-api-get.js';
import { paths } from '../app/routes.js';
import { Link } from '../ui/Link.js';
import { toast } from '../ui/toast-store.js';
import { startProblem, type StartProblem } from './start-problem.js';
import { StartSteps } from './StartSteps.js';

interface Props {
  session: VoiceSession;
  /** Admins may read the integration settings, which name the runner before the start. */
  admin: boolean;
  /** A note about the config (deleted, switched off) shown above the button. */
  configNote: string | null;
  onStarted(session: VoiceSession): void;
  /** The server failed the session while starting: the page reloads it. */
  onFailed(): void;
}

const settingsPlace = { keys: 'Settings > Keys', integrations: 'Settings > Integrations' } as const;

/** A pending session's one primary action: create the room, dispatch the bot, hand out the link. */
export function StartInterviewPanel({ session, admin, configNote, onStarted, onFailed }: Props) {
  const integrations = useApiGet<EffectiveIntegrationSettings>(admin ? '/api/settings/integrations' : null);
  const runner = integrations.data?.settings.botRunner ?? null;
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<StartProblem | null>(null);

  const start = async (): Promise<void> => {
    setStarting(true);
    setProblem(null);
    try {
      const reply = await apiPost<VoiceSession>(`/api/voice/sessions/${session.id}/start`);
      toast.success('Interview started: send the candidate their link');
      onStarted(reply.data);
    } catch (error) {
      const found = startProblem(error);
      setProblem(found);
      if (found.sessionFailed) onFailed();
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="start-panel">
      {configNote && <p className="hint">{configNote}</p>}
      {starting ? (
        <StartSteps phase="starting" runner={runner} roomName={null} botHandle={null} />
      ) : (
        <p className="hint">
          Creates a private call room, sends the interview bot{runner ? ` ${runner === 'ecs' ? 'to AWS ECS' : 'to this computer'}` : ''} into it, and gives you the candidate's link.
        </p>
      )}
      <button type="button" className="primary start-button" disabled={starting} aria-busy={starting} onClick={() => void start()}>
        {starting ? 'Starting…' : 'Start interview'}
      </button>
      {problem && (
        <div className="start-problem" role="alert" data-testid="start-problem">
          <strong>{problem.title}.</strong> <span className="start-problem-detail">{problem.detail}</span>
          <p className="start-problem-fix">
            {problem.fix}
            {problem.settings && admin && (
              <>
                {' '}
                <Link to={paths.settings}>Open {settingsPlace[problem.settings]}</Link>
              </>
            )}
          </p>
        </div>
      )}
    </div>
  );
}
