import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { WebSocketLikeConstructor } from '@supabase/realtime-js';
import WebSocket from 'ws';
import type { FetchLike } from './timed-fetch.js';

/**
 * A supabase-js client for the project. Nothing is persisted or refreshed by supabase-js itself:
 * the session lives in the OS keychain and SupabaseAccount refreshes it, so there is one owner of
 * the refresh token. Node 20 has no global WebSocket: Realtime gets `ws` as its transport.
 * With `accessToken`, the client sends the signed-in user's JWT on every data request.
 */
// `ws` implements the WebSocket API Realtime uses; only its event types are declared differently
// from the DOM's (ws.Event vs Event), so the constructor is handed over through `unknown`.
const nodeWebSocket = WebSocket as unknown as WebSocketLikeConstructor;

export function createProjectClient(
  projectUrl: string,
  anonKey: string,
  fetchImpl: FetchLike,
  accessToken?: () => Promise<string | null>,
): SupabaseClient {
  return createClient(projectUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: fetchImpl },
    realtime: { transport: nodeWebSocket },
    ...(accessToken ? { accessToken } : {}),
  });
}
