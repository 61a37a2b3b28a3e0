import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the built page files (HTML, the bridge scripts, the worklet) are. The bundled bot runs from
 * dist/bot/ with them in dist/bot/page/; the TypeScript sources (tests) find them in dist/ too.
 */
export function resolvePageDir(explicit?: string): string {
  if (explicit) return explicit;
  const candidates = [new URL('./page/', import.meta.url), new URL('../../dist/bot/page/', import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(`${path}rehearsal.html`)) return path;
  }
  throw new Error('The bot page files are missing: run `npm run build` (they are built into dist/bot/page).');
}

export const pageContentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};
