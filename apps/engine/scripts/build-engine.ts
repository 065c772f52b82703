// Bundles the engine into apps/engine/dist for running it in production (`npm start`) and in the
// benchmark: one ES module for the CLI, one for the trace worker thread, and the SQL migrations
// beside them (db.ts and trace-worker-client.ts find their files next to their own module, so
// the same relative paths work from src/ and from dist/).
//
// Why a bundle rather than tsx at run time: tsx compiles with esbuild's keepNames, which wraps
// every function created at run time in a call that defines its `name` property. On the SIP path
// that is one Object.defineProperty and one property array (~256 bytes) per closure, tens of
// thousands of them alive while transactions wait out their timers: more CPU per call and more
// garbage-collector work. The bundle is the same code without that wrapper.
//
// Usage: tsx scripts/build-engine.ts [--entry name=path ...]
//   (extra entries are for the benchmark's engine launcher)
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENGINE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = join(ENGINE_DIR, 'dist');

/** Workspace packages are bundled (their sources are TypeScript); every npm package stays external. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@patchbay/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Build dist/cli.js, dist/trace-worker-entry.mjs and dist/migrations; extra entries map an output
 * name (without extension) to a source file.
 */
export async function buildEngine(extraEntries: Record<string, string> = {}): Promise<void> {
  mkdirSync(DIST_DIR, { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [externalPackages],
  };
  await build({
    ...common,
    entryPoints: { cli: join(ENGINE_DIR, 'src/cli/main.ts'), ...extraEntries },
    outdir: DIST_DIR,
    outExtension: { '.js': '.js' },
  });
  // Same name as the source-tree entry (src/store/trace-worker-entry.mjs), so that
  // new URL('./trace-worker-entry.mjs', import.meta.url) finds the worker from either.
  await build({
    ...common,
    entryPoints: [join(ENGINE_DIR, 'src/store/trace-worker.ts')],
    outfile: join(DIST_DIR, 'trace-worker-entry.mjs'),
  });
  cpSync(join(ENGINE_DIR, 'src/store/migrations'), join(DIST_DIR, 'migrations'), { recursive: true });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const extra: Record<string, string> = {};
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--entry') throw new Error(`unknown argument ${args[i]}`);
    const [name, path] = (args[++i] ?? '').split('=');
    if (!name || !path) throw new Error('--entry needs name=path');
    extra[name] = path;
  }
  const t0 = performance.now();
  await buildEngine(extra);
  console.log(`engine built into ${DIST_DIR} (${Math.round(performance.now() - t0)} ms)`);
}
