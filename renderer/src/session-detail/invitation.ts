/** What the invitation needs to say: who, what, how long, where. */
export interface InvitationFacts {
  candidateName: string | null;
  interviewType: string;
  botName: string | null;
  maxDurationMinutes: number | null;
  link: string;
}

/**
 * The short text a recruiter pastes into an email or chat: the link and how long to set aside.
 * Plain text on purpose: it must survive any mail client or messenger unchanged.
 */
export function invitationText(facts: InvitationFacts): string {
  const greeting = facts.candidateName ? `Hi ${facts.candidateName},` : 'Hi,';
  const length = facts.maxDurationMinutes ? `It takes up to ${facts.maxDurationMinutes} minutes` : 'Please set aside some quiet time for it';
  const interviewer = facts.botName ? ` with ${facts.botName}, our AI interviewer` : ' with our AI interviewer';
  return [
    greeting,
    '',
    `You are invited to a ${facts.interviewType} voice interview${interviewer}. ${length}; a quiet room and a microphone are all you need.`,
    '',
    `Join here: ${facts.link}`,
    '',
    'The link is personal: please do not forward it.',
  ].join('\n');
}
