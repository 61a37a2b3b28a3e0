import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { FakeRealtime } from '../fakes/fake-realtime.js';
import { FakeGoTrue } from './fake-gotrue.js';
import { applySupabaseSchema, startPostgres, startPostgrest, type PostgresServer, type PostgrestServer } from './postgres-stack.js';
import { SupabaseGateway } from './supabase-gateway.js';
import { anonKey, TEST_JWT_SECRET } from './supabase-jwt.js';

/**
 * The local stand-in for a Supabase project, every part real except Auth and Realtime: Postgres 15
 * with the migrations, the PostgREST binary behind a fault-injecting gateway, a GoTrue fake issuing
 * JWTs that PostgREST verifies, and a Realtime fake (Phoenix channels, database broadcasts from
 * realtime.messages, private channels authorized by RLS) behind the same gateway at
 * /realtime/v1. `url` + `anonKey` are what a desktop signs in with.
 */
export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export type OrgRole = 'org_owner' | 'org_admin' | 'org_user';

export interface SupabaseStack {
  url: string;
  anonKey: string;
  postgres: PostgresServer;
  postgrest: PostgrestServer;
  gateway: SupabaseGateway;
  gotrue: FakeGoTrue;
  /** Realtime at `${url}/realtime/v1` (through the gateway); dropAll()/offline() for faults. */
  realtime: FakeRealtime;
  /** A superuser pool for arranging and inspecting (bypasses RLS). */
  admin: pg.Pool;
  createUser(name: string): Promise<TestUser>;
  createOrg(name: string, members: { user: TestUser; role: OrgRole }[]): Promise<string>;
  setMembership(orgId: string, user: TestUser, role: OrgRole | null, active?: boolean): Promise<void>;
  stop(): Promise<void>;
}

export async function startSupabaseStack(options: { pgtap?: boolean; pool?: number } = {}): Promise<SupabaseStack> {
  const postgres = await startPostgres();
  let postgrest: PostgrestServer | null = null;
  let gateway: SupabaseGateway | null = null;
  let realtime: FakeRealtime | null = null;
  let admin: pg.Pool | null = null;
  try {
    await applySupabaseSchema(postgres.url, { pgtap: options.pgtap });
    postgrest = await startPostgrest({ pgPort: postgres.port, jwtSecret: TEST_JWT_SECRET, pool: options.pool });
    const gotrue = new FakeGoTrue(TEST_JWT_SECRET);
    realtime = await new FakeRealtime({ jwtSecret: TEST_JWT_SECRET, databaseUrl: postgres.url }).start();
    gateway = await new SupabaseGateway(postgrest.url, gotrue, realtime.url).start();
    const pool = new pg.Pool({ connectionString: postgres.url, max: 4 });
    admin = pool;
    const key = await anonKey();
    const started = { postgrest, gateway, realtime };
    return {
      url: gateway.url,
      anonKey: key,
      postgres,
      postgrest,
      gateway,
      gotrue,
      realtime,
      admin: pool,
      createUser: async (name) => {
        const user: TestUser = { id: randomUUID(), email: `${name}-${randomUUID().slice(0, 6)}@example.com`, password: `pw-${randomUUID()}` };
        await pool.query('INSERT INTO auth.users (id, email, raw_user_meta_data) VALUES ($1, $2, $3)', [
          user.id,
          user.email,
          JSON.stringify({ full_name: name }),
        ]);
        gotrue.addUser(user);
        return user;
      },
      createOrg: async (name, members) => {
        const id = randomUUID();
        await pool.query('INSERT INTO public.org (id, name) VALUES ($1, $2)', [id, name]);
        for (const member of members) {
          await pool.query('INSERT INTO public.org_members (org_id, user_id, role) VALUES ($1, $2, $3)', [id, member.user.id, member.role]);
        }
        return id;
      },
      setMembership: async (orgId, user, role, active = true) => {
        if (role === null) {
          await pool.query('DELETE FROM public.org_members WHERE org_id = $1 AND user_id = $2', [orgId, user.id]);
          return;
        }
        await pool.query(
          `INSERT INTO public.org_members (org_id, user_id, role, active) VALUES ($1, $2, $3, $4)
           ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role, active = excluded.active`,
          [orgId, user.id, role, active],
        );
      },
      stop: async () => {
        await pool.end();
        await started.gateway.stop();
        await started.realtime.stop();
        await started.postgrest.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await admin?.end();
    await gateway?.stop();
    await realtime?.stop();
    await postgrest?.stop();
    await postgres.stop();
    throw error;
  }
}
