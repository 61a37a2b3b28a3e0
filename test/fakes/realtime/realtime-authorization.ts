import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type pg from 'pg';

/**
 * How Supabase Realtime decides who may do what:
 *  - every token (the socket's apikey, a join's access_token, a later access_token push) is an
 *    HS256 JWT of the project's secret with `role` and `exp` claims;
 *  - a private channel is authorized by RLS on realtime.messages: in a transaction it rolls back,
 *    Realtime inserts probe rows for the topic (as the table owner), switches to the token's role
 *    with `request.jwt.claims` and `realtime.topic` set, and checks which probes the user may
 *    SELECT (read: join and receive) or whether it may INSERT one (write: broadcast from the client).
 * Reasons use Realtime's own wording ("Code: message"), as its phx_reply errors do.
 */
export interface RealtimeClaims extends JWTPayload {
  role: string;
  exp: number;
}

export type TokenCheck = { ok: true; claims: RealtimeClaims } | { ok: false; reason: string };

export async function verifyRealtimeToken(token: string, secret: string): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    if (typeof payload.role !== 'string' || typeof payload.exp !== 'number') {
      return { ok: false, reason: 'InvalidJWTToken: Fields `role` and `exp` are required in JWT' };
    }
    return { ok: true, claims: { ...payload, role: payload.role, exp: payload.exp } };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      const exp = typeof error.payload.exp === 'number' ? error.payload.exp : 0;
      return { ok: false, reason: `InvalidJWTToken: Token has expired ${Math.max(0, Math.floor(Date.now() / 1000) - exp)} seconds ago` };
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return { ok: false, reason: 'JwtSignatureError: Failed to validate JWT signature' };
    return { ok: false, reason: 'MalformedJWT: The token provided is not a valid JWT' };
  }
}

export interface ReadPolicies {
  broadcast: boolean;
  presence: boolean;
}

async function withAuthorizationContext<T>(
  pool: pg.Pool,
  topic: string,
  claims: RealtimeClaims,
  beforeRole: (client: pg.PoolClient) => Promise<void>,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await beforeRole(client);
    // Realtime's set_conn_config: the settings are local to this transaction, like PostgREST's.
    await client.query(
      `SELECT set_config('role', $1, true), set_config('realtime.topic', $2, true),
              set_config('request.jwt.claims', $3, true), set_config('request.headers', $4, true)`,
      [claims.role, topic, JSON.stringify(claims), '{}'],
    );
    return await work(client);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

/** May this token's user read broadcasts / presence of `topic` on a private channel? */
export async function readPolicies(pool: pg.Pool, topic: string, claims: RealtimeClaims): Promise<ReadPolicies> {
  let ids: { broadcast: string; presence: string } = { broadcast: '', presence: '' };
  try {
    return await withAuthorizationContext(
      pool,
      topic,
      claims,
      async (client) => {
        const inserted = await client.query<{ id: string; extension: string }>(
          `INSERT INTO realtime.messages (topic, extension) VALUES ($1, 'broadcast'), ($1, 'presence') RETURNING id::text, extension`,
          [topic],
        );
        const find = (extension: string): string => inserted.rows.find((row) => row.extension === extension)?.id ?? '';
        ids = { broadcast: find('broadcast'), presence: find('presence') };
      },
      async (client) => {
        const visible = await client.query<{ id: string }>('SELECT id::text FROM realtime.messages WHERE topic = $1 AND id = ANY($2::bigint[])', [
          topic,
          [ids.broadcast, ids.presence],
        ]);
        const seen = new Set(visible.rows.map((row) => row.id));
        return { broadcast: seen.has(ids.broadcast), presence: seen.has(ids.presence) };
      },
    );
  } catch {
    // An RLS policy that fails (or a role that does not exist) authorizes nothing, as in Realtime.
    return { broadcast: false, presence: false };
  }
}

/** May this token's user broadcast on a private channel of `topic` (an INSERT policy)? */
export async function broadcastWritePolicy(pool: pg.Pool, topic: string, claims: RealtimeClaims): Promise<boolean> {
  try {
    return await withAuthorizationContext(
      pool,
      topic,
      claims,
      async () => undefined,
      async (client) => {
        await client.query('SAVEPOINT probe');
        try {
          await client.query(`INSERT INTO realtime.messages (topic, extension) VALUES ($1, 'broadcast')`, [topic]);
          return true;
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT probe');
          if ((error as { code?: string }).code === '42501') return false;
          throw error;
        }
      },
    );
  } catch {
    return false;
  }
}
