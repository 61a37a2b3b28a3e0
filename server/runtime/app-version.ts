import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The app's version from package.json at the app root; read once at start. */
export function readAppVersion(appRoot: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
