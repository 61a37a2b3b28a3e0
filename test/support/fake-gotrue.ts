import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { userAccessToken, type JwtUser } from './supabase-jwt.js';

/**
 * Supabase Auth (GoTrue) cannot run here, so this answers the four endpoints supabase-js calls for
 * password sign-in: token (password and refresh_token grants), user, and logout. Its access tokens
 * are real HS256 JWTs with the project's secret, so PostgREST accepts them exactly as it would
 * Supabase's. Refresh tokens rotate and are single-use, as GoTrue's are.
 */
interface FakeUser extends JwtUser {
  password: string;
}

export class FakeGoTrue {
  private readonly users = new Map<string, FakeUser>();
  private readonly refreshTokens = new Map<string, string>();
  /** Seconds each access token lives; tests shorten it to exercise refresh. */
  accessTokenTtl = 3600;
  readonly calls: { grant: string; at: number }[] = [];

  constructor(private readonly jwtSecret: string) {}

  addUser(user: FakeUser): void {
    this.users.set(user.email.toLowerCase(), user);
  }

  /** Revokes every refresh token of a user (their sessions must sign in again). */
  revokeAll(userId: string): void {
    for (const [token, owner] of this.refreshTokens) if (owner === userId) this.refreshTokens.delete(token);
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string, body: string): Promise<void> {
    const url = new URL(path, 'http://gotrue');
    if (req.method === 'POST' && url.pathname === '/token') {
      const grant = url.searchParams.get('grant_type') ?? '';
      this.calls.push({ grant, at: Date.now() });
      const input = body ? (JSON.parse(body) as Record<string, string>) : {};
      let user: FakeUser | undefined;
      if (grant === 'password') {
        const candidate = this.users.get(String(input.email ?? '').toLowerCase());
        if (candidate && candidate.password === input.password) user = candidate;
        if (!user) return this.error(res, 400, 'invalid_credentials', 'Invalid login credentials');
      } else if (grant === 'refresh_token') {
        const owner = this.refreshTokens.get(String(input.refresh_token ?? ''));
        if (!owner) return this.error(res, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
        this.refreshTokens.delete(String(input.refresh_token));
        user = [...this.users.values()].find((candidate) => candidate.id === owner);
        if (!user) return this.error(res, 400, 'user_not_found', 'User not found');
      } else {
        return this.error(res, 400, 'unsupported_grant_type', `unsupported grant_type ${grant}`);
      }
      return this.json(res, 200, await this.session(user));
    }
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const user = bearer ? this.userForToken(bearer) : undefined;
    if (req.method === 'GET' && url.pathname === '/user') {
      if (!user) return this.error(res, 401, 'bad_jwt', 'invalid JWT');
      return this.json(res, 200, this.publicUser(user));
    }
    if (req.method === 'POST' && url.pathname === '/logout') {
      if (user) this.revokeAll(user.id);
      res.writeHead(204).end();
      return;
    }
    this.error(res, 404, 'not_found', `no fake for ${req.method} ${url.pathname}`);
  }

  private async session(user: FakeUser): Promise<Record<string, unknown>> {
    const refreshToken = randomBytes(16).toString('hex');
    this.refreshTokens.set(refreshToken, user.id);
    const accessToken = await userAccessToken(user, this.accessTokenTtl, this.jwtSecret);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.accessTokenTtl,
      expires_at: Math.floor(Date.now() / 1000) + this.accessTokenTtl,
      refresh_token: refreshToken,
      user: this.publicUser(user),
    };
  }

  private userForToken(token: string): FakeUser | undefined {
    try {
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string; exp?: number };
      if (!payload.exp || payload.exp * 1000 < Date.now()) return undefined;
      return [...this.users.values()].find((user) => user.id === payload.sub);
    } catch {
      return undefined;
    }
  }

  private publicUser(user: FakeUser): Record<string, unknown> {
    return {
      id: user.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: user.email,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: {},
      identities: [],
      created_at: new Date(0).toISOString(),
      updated_at: new Date().toISOString(),
      factors: null,
      is_anonymous: false,
    };
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const payload = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  }

  private error(res: ServerResponse, status: number, code: string, message: string): void {
    this.json(res, status, { code: status, error_code: code, msg: message, error_id: randomUUID() });
  }
}
