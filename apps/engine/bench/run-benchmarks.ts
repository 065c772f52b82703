// `npm run bench`: the SIP message and flow-runtime micro-benchmarks, then the proxy benchmark.
// Options: see lib/options.ts (`npm run bench -- --help`). Never part of `npm test`.
import { readOptions, USAGE } from './lib/options';
import { installCleanup, stopAll } from './lib/processes';
import { runAndWriteFlowBench } from './flow-run.bench';
import { runAndWriteParseBench } from './parse-message.bench';
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
    if (all || options.only === 'parse') runAndWriteParseBench(options.parseRounds);
    if (all || options.only === 'flow') await runAndWriteFlowBench(options.quick ? 10 : 30);
    if (all || options.only === 'proxy') await runProxyBench(options, command);
    return 0;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    await stopAll();
    process.exit(1);
  },
);
