import type { Logger } from '../runtime/logger.js';
import type { StatusChangeEvent } from './session-lifecycle.js';

export type StatusListener = (event: StatusChangeEvent) => void | Promise<void>;

/**
 * Status changes, announced after their transaction commits: the live socket broadcasts them,
 * and integrations react (stop the bot, delete the room, archive, analyse). A failing listener is
 * logged and never affects the others or the request that made the change.
 */
export class StatusEvents {
  private readonly listeners: StatusListener[] = [];

  constructor(private readonly logger: Logger) {}

  on(listener: StatusListener): void {
    this.listeners.push(listener);
  }

  emit(event: StatusChangeEvent): void {
    for (const listener of this.listeners) {
      Promise.resolve()
        .then(() => listener(event))
        .catch((error: unknown) => {
          this.logger.error('status listener failed', {
            sessionId: event.sessionId,
            status: event.status,
            error: error instanceof Error ? error.message : String(error),
          });
        });
    }
  }
}
