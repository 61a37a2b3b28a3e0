import { SignJWT } from 'jose';

/**
 * JWTs as Supabase issues them (HS256 with the project's JWT secret), signed with jose. PostgREST
 * verifies them with the same secret and switches to the `role` claim; auth.uid() reads `sub`.
 */
export const TEST_JWT_SECRET = 'interview-console-test-jwt-secret-0123456789abcdef';

export interface JwtUser {
  id: string;
  email: string;
}

export async function signJwt(claims: Record<string, unknown>, expiresInSeconds: number, secret = TEST_JWT_SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** The project's public anon key: role anon, long-lived, safe to ship in an app. */
export function anonKey(secret = TEST_JWT_SECRET): Promise<string> {
  return signJwt({ iss: 'supabase', role: 'anon' }, 10 * 365 * 24 * 3600, secret);
}

/** The service role key: bypasses RLS. Tests use it only to arrange and inspect. */
export function serviceRoleKey(secret = TEST_JWT_SECRET): Promise<string> {
  return signJwt({ iss: 'supabase', role: 'service_role' }, 3600, secret);
}

/** A signed-in user's access token. */
export function userAccessToken(user: JwtUser, expiresInSeconds = 3600, secret = TEST_JWT_SECRET): Promise<string> {
  return signJwt(
    { iss: 'supabase', sub: user.id, aud: 'authenticated', role: 'authenticated', email: user.email, session_id: crypto.randomUUID() },
    expiresInSeconds,
    secret,
  );
}
