// `npm run bench`: the SIP message, flow-runtime and transaction-table micro-benchmarks, then the
// proxy benchmark.
// Options: see lib/options.ts (`npm run bench -- --help`). Never part of `npm test`.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOptions, USAGE } from './lib/options';
import { installCleanup, stopAll } from './lib/processes';
import { runAndWriteFlowBench } from './flow-run.bench';
import { runAndWriteParseBench } from './parse-message.bench';
import { runAndWriteMapBench } from './transaction-map.bench';
import { buildEngine, DIST_DIR } from '../scripts/build-engine';
import { RESULTS_DIR } from './lib/results';
import { runProxyBench } from './proxy-throughput.bench';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = readOptions(argv, process.env);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  installCleanup();
  const command = ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
  try {
    const all = options.only === 'all';
    if (all || options.only === 'parse') await runParseBench(options.parseRounds);
    if (all || options.only === 'flow') await runAndWriteFlowBench(options.quick ? 10 : 30);
    if (all || options.only === 'maps') runAndWriteMapBench(190_000, options.quick ? 200_000 : 600_000);
    if (all || options.only === 'proxy') await runProxyBench(options, command);
    return 0;
  } finally {
    await stopAll();
  }
}

/**
 * The parser as the engine runs it: from the esbuild bundle, in a child process (tsx's transform
 * costs the parser ~15 %). BENCH_RUNNER=tsx runs it here, from the sources.
 */
async function runParseBench(rounds: number): Promise<void> {
  if (process.env['BENCH_RUNNER'] === 'tsx') {
    runAndWriteParseBench(rounds);
    return;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  await buildEngine({ 'parse-bench': join(here, 'parse-message.bench.ts') });
  const child = spawn(process.execPath, [join(DIST_DIR, 'parse-bench.js'), String(rounds)], {
    cwd: join(here, '..'),
    stdio: 'inherit',
    env: { ...process.env, PATCHBAY_BENCH_RESULTS: RESULTS_DIR, PATCHBAY_BENCH_BUNDLED: '1' },
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`parse benchmark exited with ${code}`);
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    await stopAll();
    process.exit(1);
  },
);
