import { ApiCallError } from '../api/api-error.js';

/** Where in Settings the fix is made, when it is made there at all. */
export type SettingsPlace = 'keys' | 'integrations';

/** Why a start did not happen, in the recruiter's terms: what is missing and how to fix it. */
export interface StartProblem {
  title: string;
  /** The server's own words (never a secret: the server scrubs them). */
  detail: string;
  fix: string;
  settings: SettingsPlace | null;
  /** True when the server failed the session (something began, then broke); false when it refused up front. */
  sessionFailed: boolean;
}

/**
 * Reads a failed `POST /sessions/{id}/start`. Refusals (409) leave the session pending (a room made
 * before the local runner said it was full is removed again); a provider failure (502) has already failed the session, room removed.
 */
export function startProblem(error: unknown): StartProblem {
  if (!(error instanceof ApiCallError)) {
    return { title: 'The start did not go through', detail: 'Something unexpected went wrong.', fix: 'Try again.', settings: null, sessionFailed: false };
  }
  const detail = error.message;
  if (error.isUnreachable) {
    return { title: 'The console server cannot be reached', detail, fix: 'Check that Interview Console is running, then try again.', settings: null, sessionFailed: false };
  }
  switch (error.code) {
    case 'NOT_CONFIGURED':
      return {
        title: /daily/i.test(detail) ? 'No Daily API key' : 'Something is not set up yet',
        detail,
        fix: 'An org owner or admin adds the Daily API key in Settings > Keys; then start again.',
        settings: 'keys',
        sessionFailed: false,
      };
    case 'NO_BOT_RUNNER':
      return /ECS settings are incomplete/.test(detail)
        ? { title: 'The ECS settings are incomplete', detail, fix: 'An admin completes the ECS fields in Settings > Integrations (or sets the ECS_* variables); then start again.', settings: 'integrations', sessionFailed: false }
        : /not available in this process/.test(detail)
          ? { title: 'Local bots cannot run here', detail, fix: 'Local bots run from the desktop app. Start the interview there, or choose ECS in Settings > Integrations.', settings: 'integrations', sessionFailed: false }
          : { title: 'No bot runner is chosen', detail, fix: 'An admin chooses where interview bots run (Local or ECS) in Settings > Integrations; then start again.', settings: 'integrations', sessionFailed: false };
    case 'BOT_RUNNER_BUSY':
      return { title: "The local runner's limit is reached", detail, fix: 'Wait for a running interview to end, then start again (or raise VOICE_LOCAL_BOTS_MAX).', settings: null, sessionFailed: false };
    case 'PUBLIC_ADDRESS_REQUIRED':
      return { title: 'An ECS bot could not report back to this console', detail, fix: 'Sign in to your team project (Settings > Account), or set a public WebSocket address in Settings > Integrations; then start again.', settings: 'integrations', sessionFailed: false };
    case 'TEAM_REFUSED':
    case 'TEAM_UNREACHABLE':
      return { title: 'The team project did not accept the start', detail, fix: 'Nothing was started. Check the team sync state in Settings, then start again.', settings: null, sessionFailed: false };
    case 'INVALID_TRANSITION':
      return { title: 'This session cannot be started now', detail, fix: 'Reload the page to see where the session is.', settings: null, sessionFailed: false };
    default:
      return {
        title: 'The interview could not be started',
        detail,
        fix: error.status >= 500 ? 'The call room was removed and the session marked failed. Check the provider named above, then create a new session.' : 'Try again.',
        settings: null,
        sessionFailed: error.status >= 500,
      };
  }
}
