import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * better-sqlite3 ships prebuilt Node-API 10 binaries (one file for Node and Electron alike). A Node
 * without Node-API 10 (before 22.14, e.g. the end-of-life Node 20) does not refuse them cleanly: it
 * crashes with a segmentation fault. So the store checks first and says what to install instead.
 * A binary compiled on purpose for this Node (build/Release, which better-sqlite3 loads first) is fine.
 */
export const REQUIRED_NODE_API = 10;

export interface NodeRuntime {
  node: string;
  napi?: string | undefined;
  /** better-sqlite3 has a build of its own for this Node, loaded before its prebuilt binaries. */
  ownSqliteBuild: boolean;
}

export function unsupportedNodeReason(runtime: NodeRuntime): string | null {
  const napi = Number(runtime.napi ?? '0');
  if (napi >= REQUIRED_NODE_API || runtime.ownSqliteBuild) return null;
  return (
    `Interview Console needs Node.js 22.14 or newer (24 LTS recommended): this is Node ${runtime.node}, ` +
    `whose Node-API ${runtime.napi ?? '(unknown)'} cannot load the SQLite module (Node-API ${REQUIRED_NODE_API}). See "Supported runtimes" in the README.`
  );
}

function hasOwnSqliteBuild(): boolean {
  const packageDir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
  return ['Release', 'Debug'].some((kind) => existsSync(join(packageDir, 'build', kind, 'better_sqlite3.node')));
}

export function currentNodeRuntime(): NodeRuntime {
  return { node: process.versions.node, napi: process.versions.napi, ownSqliteBuild: hasOwnSqliteBuild() };
}

export function assertSupportedNode(): void {
  const reason = unsupportedNodeReason(currentNodeRuntime());
  if (reason) throw new Error(reason);
}
