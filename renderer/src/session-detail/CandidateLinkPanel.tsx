import type { RetentionPolicy } from '../../../contracts/candidate-rights.js';
import type { VoiceSession } from '../../../contracts/session.js';
import { withQuery } from '../api/api-client.js';
import { useApiGet } from '../api/use-api-get.js';
import { useAccount } from '../app/me-context.js';
import { toast } from '../ui/toast-store.js';
import { invitationHtml, invitationMailto, invitationText, type InvitationFacts } from './invitation.js';

interface Props {
  session: VoiceSession;
  link: string;
  botName: string | null;
  maxDurationMinutes: number | null;
  /** The config's consent disclosure, when it has one. */
  disclosure?: string | null;
  /** Take focus when shown (right after a start, whose button has just gone). */
  focusOnMount?: boolean;
}

async function copy(text: string, done: string, html?: string): Promise<void> {
  try {
    // Rich mail clients paste the HTML variant; everything else gets the plain text.
    if (html && typeof ClipboardItem !== 'undefined' && navigator.clipboard.write) {
      await navigator.clipboard.write([new ClipboardItem({ 'text/plain': new Blob([text], { type: 'text/plain' }), 'text/html': new Blob([html], { type: 'text/html' }) })]);
    } else {
      await navigator.clipboard.writeText(text);
    }
    toast.success(done);
  } catch {
    toast.error('The clipboard is not available here: select the link and copy it by hand');
  }
}

/** The candidate's way in, while the room exists: the link itself, and a ready-made invitation. */
export function CandidateLinkPanel({ session, link, botName, maxDurationMinutes, disclosure = null, focusOnMount = false }: Props) {
  const account = useAccount();
  const retention = useApiGet<{ policy: RetentionPolicy }>(withQuery('/api/rights/retention', { orgId: session.orgId }));
  const facts: InvitationFacts = {
    candidateName: session.candidateName,
    interviewType: session.interviewType,
    botName,
    maxDurationMinutes,
    link,
    disclosure,
    retentionDays: retention.data?.policy.days ?? null,
    contactEmail: account.me.user.email || null,
    orgName: account.me.orgs.find((org) => org.id === session.orgId)?.name ?? null,
  };
  const invitation = invitationText(facts);
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
        {/* Until the retention policy is known the invitation would leave out how long data is kept; a failed load copies without it. */}
        <button
          type="button"
          disabled={retention.loading && !retention.data}
          aria-busy={retention.loading && !retention.data}
          onClick={() => void copy(invitation, 'Invitation copied: paste it into an email or chat', invitationHtml(facts))}
        >
          Copy invitation
        </button>
        <a className="button" href={invitationMailto(facts, session.candidateEmail)} data-testid="invitation-mailto">
          Email invitation
        </a>
      </div>
      <p className="hint">
        The invitation says {maxDurationMinutes ? `it takes up to ${maxDurationMinutes} minutes` : 'how to join'}, carries the link, and tells the candidate about the AI, what is recorded, how long it is kept and how to ask for deletion. The link is the candidate's alone.
      </p>
    </div>
  );
}
