import type { VoiceSession } from '../../../contracts/session.js';
import { toast } from '../ui/toast-store.js';
import { invitationText } from './invitation.js';

interface Props {
  session: VoiceSession;
  link: string;
  botName: string | null;
  maxDurationMinutes: number | null;
  /** Take focus when shown (right after a start, whose button has just gone). */
  focusOnMount?: boolean;
}

async function copy(text: string, done: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(done);
  } catch {
    toast.error('The clipboard is not available here: select the link and copy it by hand');
  }
}

/** The candidate's way in, while the room exists: the link itself, and a ready-made invitation. */
export function CandidateLinkPanel({ session, link, botName, maxDurationMinutes, focusOnMount = false }: Props) {
  const invitation = invitationText({ candidateName: session.candidateName, interviewType: session.interviewType, botName, maxDurationMinutes, link });
  return (
    <div className="candidate-link">
      <label htmlFor="candidate-link-field">Candidate's link</label>
      <input
        id="candidate-link-field"
        className="link-field"
        readOnly
        autoFocus={focusOnMount}
        value={link}
        data-testid="candidate-link"
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void copy(link, 'Link copied: send it to the candidate')}>
          Copy link
        </button>
        <button type="button" onClick={() => void copy(invitation, 'Invitation copied: paste it into an email or chat')}>
          Copy invitation
        </button>
      </div>
      <p className="hint">
        The invitation says {maxDurationMinutes ? `it takes up to ${maxDurationMinutes} minutes` : 'how to join'} and carries the link. The link is the candidate's alone.
      </p>
    </div>
  );
}
