/** A running rehearsal: the page to open (with the user's microphone) and its id to stop it. */
export interface RehearsalStarted {
  id: string;
  url: string;
}
