import type { BotState } from '../../contracts/live-events.js';

/** Where the bot's state goes (the server's live socket); told of each change as it happens. */
export interface BotStateSink {
  botState(state: BotState): void;
}
