import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiSuccess } from '../../contracts/api-envelope.js';
import type { VoiceSession } from '../../contracts/session.js';
import { myOrgId, openStore } from '../support/fixtures.js';
import { eventually } from '../support/eventually.js';
import { httpCall, makeDataDir, removeDataDir, repoRoot, runServeToExit, startServerProcess, type ServerProcess } from '../support/server-process.js';

function descendantRunning(root: number, script: string): number | null {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] as string }));
  const family = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of rows) {
      if (family.has(row.ppid) && !family.has(row.pid)) {
        family.add(row.pid);
        grew = true;
      }
    }
  }
  // npm runs the script through `sh -c`; the server is the node process, not the shell.
  return rows.find((row) => family.has(row.pid) && row.args.includes(script) && !/^(\/bin\/)?sh /.test(row.args))?.pid ?? null;
}

const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const dir of dirs) removeDataDir(dir);
});

async function started(options: Parameters<typeof startServerProcess>[0] = {}): Promise<ServerProcess> {
  const server = await startServerProcess(options);
  servers.push(server);
  dirs.push(server.dataDir);
  return server;
}

describe('npm run serve', () => {
  it('prints exactly one JSON ready line on stdout and binds 127.0.0.1 only', async () => {
    const server = await started({ env: { VOICE_API_TOKEN: 'fixed-test-token' } });
    expect(server.token).toBe('fixed-test-token');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await server.call('GET', '/api/me');
    expect(server.stdoutLines()).toEqual([JSON.stringify({ event: 'ready', url: server.url, token: server.token })]);
    // Two pipes arrive in no fixed order, so wait for the hint rather than race it.
    await eventually(() => (server.stderrText().includes(`${server.url}/?code=`) ? true : undefined), 'the one-time link on stderr', 5_000);
    // The printed link carries a single-use code, never the API token.
    expect(server.stderrText()).not.toContain('fixed-test-token');
    const port = new URL(server.url).port;
    // Another interface of this machine must not reach it.
    const other = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.2', port, path: '/api/me' }, () => resolve('answered'));
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.end();
    });
    expect(other).toBe('ECONNREFUSED');
  });

  it('runs through npm itself, ready line and all', async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const child = spawn('npm', ['run', '-s', 'serve'], {
      cwd: repoRoot,
      env: { ...process.env, VOICE_PORT: '0', VOICE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('npm run serve did not become ready')), 60_000);
      child.stdout.on('data', () => {
        if (stdout.includes('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const ready = JSON.parse(stdout.split('\n')[0] as string) as { event: string; url: string; token: string };
    expect(ready.event).toBe('ready');
    const me = await httpCall(ready.url, 'GET', '/api/me', { token: ready.token });
    expect(me.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Signal the server itself (npm's child's child), as a supervisor would; npm then exits with its code.
    const serverPid = descendantRunning(child.pid as number, 'dist/server/serve.js');
    expect(serverPid).not.toBeNull();
    process.kill(serverPid as number, 'SIGTERM');
    expect(await exit).toBe(0);
  });

  it('uses the OS per-user app-data folder when VOICE_DATA_DIR is not set', async () => {
    const home = makeDataDir();
    dirs.push(home);
    const server = await started({ env: { VOICE_DATA_DIR: '', HOME: home, XDG_CONFIG_HOME: join(home, 'config') } });
    await server.stop();
    expect(existsSync(join(home, 'config', 'Interview Console', 'voice.sqlite3'))).toBe(true);
  });

  it('finishes an in-flight request on SIGTERM, closes the database cleanly and exits 0', async () => {
    const server = await started();
    const orgId = await myOrgId(server);
    const port = Number(new URL(server.url).port);
    const body = JSON.stringify({ orgId, interviewType: 'technical', candidateName: 'In Flight' });
    const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/voice/sessions', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after the signal: the request is in flight when SIGTERM lands.
      req.write(body.slice(0, 20));
      setTimeout(() => req.end(body.slice(20)), 400);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const startedAt = Date.now();
    const exit = server.stop('SIGTERM');
    const answer = await reply;
    expect(answer.status).toBe(201);
    expect(await exit).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(2000);
    const id = (JSON.parse(answer.text) as ApiSuccess<VoiceSession>).data.id;
    // A clean close checkpoints the WAL away.
    expect(existsSync(join(server.dataDir, 'voice.sqlite3-wal'))).toBe(false);
    const db = openStore(server.dataDir);
    try {
      expect(db.prepare('SELECT candidate_name FROM voice_sessions WHERE id = ?').get(id)).toEqual({ candidate_name: 'In Flight' });
    } finally {
      db.close();
    }
  });

  it('exits 0 on SIGINT too', async () => {
    const server = await started();
    expect(await server.stop('SIGINT')).toBe(0);
  });

  it('refuses a port that is taken with a clear message', async () => {
    const first = await started();
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const { code, stdout, stderr } = await runServeToExit({ VOICE_PORT: new URL(first.url).port, VOICE_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('already in use');
  });
});

describe('the console in a browser', () => {
  it('swaps the one-time link for an HttpOnly SameSite=Strict cookie, then serves the console', async () => {
    const server = await started();
    const anonymous = await httpCall(server.url, 'GET', '/');
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toContain('link printed');
    const wrong = await httpCall(server.url, 'GET', '/?token=nope');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const apiToken = await httpCall(server.url, 'GET', `/?token=${server.token}`);
    expect(apiToken.status, 'the API token is not a sign-in link').toBe(401);
    expect(apiToken.headers['set-cookie']).toBeUndefined();

    const signIn = new URL(await server.signInLink());
    expect(signIn.search).not.toContain(server.token);
    const link = await httpCall(server.url, 'GET', signIn.pathname + signIn.search);
    expect(link.status).toBe(303);
    expect(link.headers.location).toBe('/');
    const cookie = link.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(server.token);
    const pair = cookie.split(';')[0] as string;

    const page = await httpCall(server.url, 'GET', '/', { headers: { cookie: pair } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.text).toContain('<div id="root">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1] as string;
    const asset = await httpCall(server.url, 'GET', script, { headers: { cookie: pair } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');

    const api = await httpCall(server.url, 'GET', '/api/me', { headers: { cookie: pair } });
    expect(api.status).toBe(200);
    const forged = await httpCall(server.url, 'GET', '/api/me', { headers: { cookie: 'voice_console=forged' } });
    expect(forged.status).toBe(401);
  });

  it('refuses DNS-rebinding hosts and foreign origins, and sends no wildcard CORS', async () => {
    const server = await started();
    const rebound = await httpCall(server.url, 'GET', '/api/me', { token: server.token, headers: { host: `evil.example:${new URL(server.url).port}` } });
    expect(rebound.status).toBe(403);
    const otherPort = await httpCall(server.url, 'GET', '/api/me', { token: server.token, headers: { host: 'localhost:1' } });
    expect(otherPort.status).toBe(403);
    const localhost = await httpCall(server.url, 'GET', '/api/me', { token: server.token, headers: { host: `localhost:${new URL(server.url).port}` } });
    expect(localhost.status).toBe(200);
    const foreign = await httpCall(server.url, 'POST', '/api/voice/sessions', {
      token: server.token,
      headers: { origin: 'https://evil.example' },
      body: { orgId: await myOrgId(server), interviewType: 'x' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const sameOrigin = await httpCall(server.url, 'GET', '/api/me', { token: server.token, headers: { origin: server.url } });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('npm start without Electron or a display', () => {
  it('falls back to web mode and prints the address to open', async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'main', 'launch.js')], {
      env: { ...env, VOICE_PORT: '0', VOICE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line: ${stderr}`)), 20_000);
      child.stdout.on('data', () => {
        if (stdout.includes('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const ready = JSON.parse(stdout.split('\n')[0] as string) as { url: string; token: string };
    const deadline = Date.now() + 5000;
    while (!stderr.includes(`${ready.url}/?code=`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stderr).toContain('Starting the console in web mode');
    expect(stderr).not.toContain(ready.token);
    const printed = new RegExp(`${ready.url.replace(/[.]/g, '\\.')}(/\\?code=[\\w-]+)`).exec(stderr)?.[1] ?? '';
    expect((await httpCall(ready.url, 'GET', printed)).status).toBe(303);
    expect((await httpCall(ready.url, 'GET', printed)).status, 'the printed link works once').toBe(401);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
