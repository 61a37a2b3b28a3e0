import { startEarly } from '../api/early-requests.js';
import { parseRoute } from './routes.js';

/**
 * The requests the screen at this address makes first, started before React and the contracts'
 * schemas are evaluated. main.tsx imports this module first, so it runs first.
 */
export function firstRequests(pathname: string): string[] {
  const route = parseRoute(pathname);
  const paths = ['/api/me'];
  if (route.screen === 'session') {
    paths.push(`/api/voice/sessions/${route.id}`);
    if (route.tab === 'transcript') paths.push(`/api/voice/sessions/${route.id}/transcript`);
  }
  return paths;
}

if (typeof location !== 'undefined') startEarly(firstRequests(location.pathname));
