import { ApiFailure } from './api-failure.js';

/**
 * Decodes a URL path, or refuses it: `/%zz`, `/%` or `/%C3%28` (not UTF-8) name no file and no
 * route, so they are a 400 rather than an exception further in.
 */
export function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new ApiFailure(400, 'VALIDATION_ERROR', 'Invalid request: path: malformed percent-encoding', {
      issues: [{ field: 'path', message: 'malformed percent-encoding' }],
    });
  }
}
