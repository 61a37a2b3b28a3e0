import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentNodeRuntime, REQUIRED_NODE_API, unsupportedNodeReason } from '../../server/runtime/supported-node.js';
import { repoRoot } from '../support/server-process.js';

const require = createRequire(import.meta.url);
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const versionParts = (version: string): number[] => version.replace(/^[^\d]*/, '').split('.').map(Number);
const atLeast = (version: string, floor: string): boolean => {
  const [a = 0, b = 0, c = 0] = versionParts(version);
  const [x = 0, y = 0, z = 0] = versionParts(floor);
  return a !== x ? a > x : b !== y ? b > y : c >= z;
};

describe('supported runtimes', () => {
  it('runs on a Node that package.json supports, and .nvmrc names an LTS major within it', () => {
    const floor = packageJson.engines.node.replace('>=', '');
    expect(atLeast(process.versions.node, floor), `Node ${process.versions.node} is below ${floor}`).toBe(true);
    const nvmrc = readFileSync(join(repoRoot, '.nvmrc'), 'utf8').trim();
    expect(Number(nvmrc) % 2, 'Node LTS lines are the even majors').toBe(0);
    expect(atLeast(`${nvmrc}.0.0`, floor)).toBe(true);
  });

  it('refuses a Node without Node-API 10 (the end-of-life Node 20) with a reason, instead of crashing', () => {
    expect(unsupportedNodeReason({ node: '20.20.2', napi: '9', ownSqliteBuild: false })).toMatch(/needs Node\.js 22\.14 or newer .*this is Node 20\.20\.2/);
    // A better-sqlite3 compiled for that Node on purpose is loaded before the prebuilt binary.
    expect(unsupportedNodeReason({ node: '20.20.2', napi: '9', ownSqliteBuild: true })).toBeNull();
    expect(unsupportedNodeReason({ node: '22.14.0', napi: '10', ownSqliteBuild: false })).toBeNull();
    expect(unsupportedNodeReason({ node: '24.22.3', napi: '10', ownSqliteBuild: false })).toBeNull();
    expect(unsupportedNodeReason(currentNodeRuntime())).toBeNull();
    expect(Number(process.versions.napi)).toBeGreaterThanOrEqual(REQUIRED_NODE_API);
  });

  it('loads better-sqlite3 from the prebuilt Node-API binary in its package, with no build of its own', () => {
    const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
    expect(existsSync(join(packageDir, 'build')), 'nothing was compiled for this Node').toBe(false);
    const db = new BetterSqlite3(':memory:');
    try {
      expect(db.prepare("SELECT json_extract('{\"a\":1}', '$.a') AS a").get()).toEqual({ a: 1 });
    } finally {
      db.close();
    }
  });

  it('is on a current Electron major, whose package installed with its types', () => {
    const installed = (require('electron/package.json') as { version: string }).version;
    expect(packageJson.devDependencies.electron).toMatch(/^\^45\./);
    expect(versionParts(installed)[0]).toBeGreaterThanOrEqual(45);
    expect(existsSync(join(dirname(require.resolve('electron/package.json')), 'electron.d.ts'))).toBe(true);
  });
});
