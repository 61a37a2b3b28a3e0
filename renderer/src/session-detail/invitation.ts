import { DEFAULT_DISCLOSURE } from '../../../contracts/consent.js';

/** What the invitation needs to say: who, what, how long, where, and the candidate's rights. */
export interface InvitationFacts {
  candidateName: string | null;
  interviewType: string;
  botName: string | null;
  maxDurationMinutes: number | null;
  link: string;
  /** The config's consent disclosure (the default AI disclosure when the config has none). */
  disclosure?: string | null;
  /** The org's retention: content is deleted this many days after the interview (null = kept until deleted on request). */
  retentionDays?: number | null;
  /** Where the candidate asks for deletion (the recruiter's e-mail). */
  contactEmail?: string | null;
  /** The org's name, as the sender. */
  orgName?: string | null;
}

/** The invitation as paragraphs, shared by the plain-text, HTML and mailto forms. */
function paragraphs(facts: InvitationFacts): { greeting: string; body: string[]; join: string; closing: string[] } {
  const length = facts.maxDurationMinutes ? `It takes up to ${facts.maxDurationMinutes} minutes` : 'Please set aside some quiet time for it';
  const interviewer = facts.botName ? ` with ${facts.botName}, our AI interviewer` : ' with our AI interviewer';
  const kept =
    facts.retentionDays !== undefined && facts.retentionDays !== null
      ? `We keep the recording, its transcript and its assessment for ${facts.retentionDays} days after the interview, then delete them.`
      : 'We keep the recording, its transcript and its assessment only as long as your application needs them, then delete them.';
  const deletion = facts.contactEmail
    ? `You can ask us at any time to delete your interview data: write to ${facts.contactEmail}.`
    : 'You can ask us at any time to delete your interview data: reply to this message.';
  return {
    greeting: facts.candidateName ? `Hi ${facts.candidateName},` : 'Hi,',
    body: [
      `You are invited to a ${facts.interviewType} voice interview${interviewer}. ${length}; a quiet room and a microphone are all you need.`,
      `About the AI: ${facts.disclosure?.trim() || DEFAULT_DISCLOSURE}`,
      `What is recorded and how it is used: your voice answers are transcribed, the transcript is assessed against the role’s criteria, and a person on our recruiting team reviews the result before any decision. At the start you will be asked whether you agree; you may say no.`,
      `${kept} ${deletion}`,
    ],
    join: facts.link,
    closing: ['The link is personal: please do not forward it.', ...(facts.orgName ? [`${facts.orgName} recruiting`] : [])],
  };
}

/**
 * The text a recruiter pastes into an email or chat: the link, how long to set aside, the AI
 * disclosure, what is recorded and how it is used, how long it is kept, and how to ask for deletion.
 * Plain text on purpose: it must survive any mail client or messenger unchanged.
 */
export function invitationText(facts: InvitationFacts): string {
  const p = paragraphs(facts);
  return [p.greeting, '', p.body[0], '', `Join here: ${p.join}`, '', ...p.body.slice(1).flatMap((line) => [line, '']), ...p.closing].join('\n');
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** The same invitation as HTML for an email body (every value escaped; the link is the only anchor). */
export function invitationHtml(facts: InvitationFacts): string {
  const p = paragraphs(facts);
  const link = escapeHtml(p.join);
  return [
    `<p>${escapeHtml(p.greeting)}</p>`,
    `<p>${escapeHtml(p.body[0] ?? '')}</p>`,
    `<p><a href="${link}">Join the interview</a><br>${link}</p>`,
    ...p.body.slice(1).map((line) => `<p>${escapeHtml(line)}</p>`),
    ...p.closing.map((line) => `<p>${escapeHtml(line)}</p>`),
  ].join('\n');
}

/** A mailto: link that opens the recruiter's mail client with the plain-text invitation. */
export function invitationMailto(facts: InvitationFacts, to: string | null): string {
  const subject = `Your ${facts.interviewType} interview${facts.orgName ? ` with ${facts.orgName}` : ''}`;
  const query = `subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(invitationText(facts))}`;
  return `mailto:${to ? encodeURIComponent(to).replace('%40', '@') : ''}?${query}`;
}
