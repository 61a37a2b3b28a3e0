import type { ConsoleSessions } from '../http/console-sessions.js';
import { ApiFailure } from '../http/api-failure.js';
import { CLEARED_COOKIE_HEADER, CONSOLE_COOKIE } from '../http/console-sessions.js';
import { SIGN_IN_CODE_PARAM } from '../http/http-pipeline.js';
import { bearerToken, cookieValue } from '../http/request-guard.js';
import type { Router } from '../http/router.js';

/**
 * The console's browser sign-in: a holder of the API token (the desktop shell, `npm run serve`,
 * tests) asks for a sign-in link carrying a single-use code; a browser signs out of its session.
 */
export function registerConsoleRoutes(router: Router, sessions: ConsoleSessions, baseUrl: () => string): void {
  router.add('POST', '/api/console/sign-in-link', ({ req }) => {
    // A console cookie must not mint more sessions: only the API token may.
    if (bearerToken(req.headers) === null) throw new ApiFailure(403, 'FORBIDDEN', 'Only the API token may make a sign-in link');
    const { code, expiresAt } = sessions.issueCode();
    return { status: 201, data: { url: `${baseUrl()}/?${SIGN_IN_CODE_PARAM}=${code}`, expiresAt: expiresAt.toISOString() } };
  });
  router.add('POST', '/api/console/sign-out', ({ req, res }) => {
    sessions.signOut(cookieValue(req.headers, CONSOLE_COOKIE));
    res.setHeader('set-cookie', CLEARED_COOKIE_HEADER);
    return { data: { signedOut: true } };
  });
}
