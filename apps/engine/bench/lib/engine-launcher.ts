// Entry of the engine child process in the benchmark: what `patchbay serve` does (same flags,
// same startPatchbay), plus one bench-only hook that needs no change to the engine:
//   SIGUSR2             full GC (node --expose-gc), then print "BENCH-MEMORY {json}"
// It exits with process.exit(0) after a clean close, so that --cpu-prof writes its profile.
import { readConfig } from '../../src/config';
import { startPatchbay } from '../../src/patchbay';

const engine = await startPatchbay(readConfig(process.argv.slice(2), process.env), null);

process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  console.log(`BENCH-MEMORY ${JSON.stringify(process.memoryUsage())}`);
});
console.log(`Patchbay listening: ${engine.url}`);

await new Promise<void>((resolve) => {
  process.once('SIGTERM', () => resolve());
  process.once('SIGINT', () => resolve());
});
await engine.close();
process.exit(0);
