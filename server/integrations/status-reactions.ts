import { isTerminalStatus } from '../../contracts/session.js';
import type { ArchiveWorker } from '../archive/archive-worker.js';
import type { StatusEvents } from '../domain/status-events.js';
import type { LiveHub } from '../live/live-hub.js';
import type { SessionStarter } from './session-starter.js';
import type { TeamCatchUp } from './team-catch-up.js';

export interface StatusReactionDeps {
  hub: Pick<LiveHub, 'statusChanged'>;
  starter: Pick<SessionStarter, 'cleanUp'>;
  archive: Pick<ArchiveWorker, 'runOnce'>;
  catchUp: Pick<TeamCatchUp, 'completed'>;
}

/**
 * Everything that happens because a session's status changed, in one place. StatusEvents announces
 * a change after its transaction commits (domain/transition.ts); each reaction runs on its own, and
 * one that fails is logged without touching the others or the request that made the change. (The
 * live socket closes an ended session's bot sockets itself: that is part of its protocol.)
 */
export function installStatusReactions(events: StatusEvents, deps: StatusReactionDeps): void {
  // Consoles watching the session see the new status at once.
  events.on((event) => deps.hub.statusChanged(event));
  // An ended session's bot is stopped and its Daily room deleted.
  events.on(async (event) => {
    if (isTerminalStatus(event.status)) await deps.starter.cleanUp(event.sessionId);
  });
  // Its transcript goes to the archive now rather than at the next poll.
  events.on(async (event) => {
    if (isTerminalStatus(event.status)) await deps.archive.runOnce();
  });
  // A completed interview is analysed: at once in the local org, once across the team in a team org.
  events.on(async (event) => {
    if (event.status === 'completed') await deps.catchUp.completed(event.sessionId);
  });
}
