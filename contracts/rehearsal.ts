/** A running rehearsal: the page to open (with the user's microphone) and its id to stop it. */
export interface RehearsalStarted {
  id: string;
  url: string;
}

/** Where a rehearsal stands, for the config editor to follow it while the page is open elsewhere. */
export interface RehearsalStatus {
  id: string;
  state: 'running' | 'ended';
  /** Why it ended (finished, stopped, failed), once it has. */
  endedReason: string | null;
}
