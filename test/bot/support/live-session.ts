import type { ApiSuccess } from '../../../contracts/api-envelope.js';
import { LIVE_EVENTS_PATH } from '../../../contracts/live-events.js';
import type { BotTokenGrant, VoiceSession } from '../../../contracts/session.js';
import { createSession, moveSession } from '../../support/fixtures.js';
import type { ServerProcess } from '../../support/server-process.js';

/** A session as the start flow leaves it for its bot: `ready`, with a bot token for the live socket. */
export async function readySessionForBot(server: ServerProcess, orgId: string): Promise<{ session: VoiceSession; botEnv: Record<string, string> }> {
  const session = await createSession(server, orgId, { candidateName: 'Grace Hopper' });
  await moveSession(server, session.id, 'ready');
  const grant = await server.call<ApiSuccess<BotTokenGrant>>('POST', `/api/voice/sessions/${session.id}/bot-token`);
  if (grant.status !== 201) throw new Error(`bot token: ${grant.status} ${grant.text}`);
  return {
    session,
    botEnv: {
      SESSION_ID: session.id,
      WEBSOCKET_URL: `${server.url.replace(/^http/, 'ws')}${LIVE_EVENTS_PATH}`,
      BOT_TOKEN: grant.json.data.botToken,
    },
  };
}
