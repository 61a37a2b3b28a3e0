import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Builds the bot into dist/bot: the Node entry as ESM (dependencies bundled, so the
 * container needs no node_modules but playwright-core, which must stay a package because it finds
 * its own files at run time), and the pages (daily-js bundled in) with their worklet.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/bot`;

await rm(out, { recursive: true, force: true });
await mkdir(`${out}/page`, { recursive: true });

await build({
  entryPoints: [`${root}bot/main.ts`],
  outdir: out,
  // Dynamic imports (the S3 client for the fallback file) become chunks loaded only when used.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  external: ['playwright-core', 'bufferutil', 'utf-8-validate'],
  // Bundled CommonJS packages (ws, the SDKs) call require(); ESM output needs one made for it.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

await build({
  entryPoints: [`${root}bot/page/rehearsal-page.ts`, `${root}bot/page/daily-page.ts`, `${root}bot/page/bridge-worklet.ts`],
  outdir: `${out}/page`,
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  format: 'esm',
  logLevel: 'warning',
});

for (const page of ['rehearsal.html', 'daily.html']) await copyFile(`${root}bot/page/${page}`, `${out}/page/${page}`);
// dist/bot runs on its own in the container: its ESM needs a package.json saying so.
await writeFile(`${out}/package.json`, `${JSON.stringify({ name: 'interview-bot', private: true, type: 'module' }, null, 2)}\n`);
