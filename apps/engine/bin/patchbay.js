#!/usr/bin/env -S node --no-memory-reducer
// The flag on the first line is the engine's STARTUP_V8_FLAGS (src/v8-tuning.ts says why; a test
// keeps the two the same): V8 reads it only when the process starts.
// Runs the bundled engine (dist/, built by `npm install` and `npm start`: scripts/build-engine.ts)
// when it is at least as new as every source file; otherwise the TypeScript sources through tsx,
// so that an edit is never shadowed by an older bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENGINE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ENGINE_DIR, 'dist/cli.js');
const SOURCES = [join(ENGINE_DIR, 'src'), join(ENGINE_DIR, '../../shared/src')];

/** Newest modification time of any file under these folders (ms). */
function newestMtime(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return newest;
}

const bundleIsFresh = existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newestMtime(SOURCES);
let main;
if (bundleIsFresh) {
  ({ main } = await import(pathToFileURL(BUNDLE).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
