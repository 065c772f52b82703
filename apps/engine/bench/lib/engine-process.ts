// Starts Patchbay as a child process through engine-launcher.ts, deploys the Relay flow over
// HTTP and exposes it as a SystemUnderTest. The engine runs as `npm start` runs it: bundled
// (scripts/build-engine.mjs, built once per benchmark with the launcher as an extra entry);
// BENCH_RUNNER=tsx runs the TypeScript sources through tsx instead, for comparison.
import { appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEngine, DIST_DIR } from '../../scripts/build-engine';
import { STARTUP_V8_FLAGS } from '../../src/v8-tuning';
import { uniquePort } from './ports';
import { sleep, startTracked } from './processes';
import { cpuSeconds, rssBytes } from './proc-stats';
import { relayFlow } from './relay-flow';
import type { LoopDelay, SystemUnderTest } from './sut';

const HERE = dirname(fileURLToPath(import.meta.url));
const ENGINE_DIR = join(HERE, '../..');
const LAUNCHER = join(HERE, 'engine-launcher.ts');

let built: Promise<void> | undefined;

/** node arguments that run the launcher: the bundle (built on first use) or tsx on the sources. */
async function launcherArgs(): Promise<string[]> {
  if (process.env['BENCH_RUNNER'] === 'tsx') return ['--import', 'tsx', LAUNCHER];
  await (built ??= buildEngine({ 'bench-engine': LAUNCHER }));
  return [join(DIST_DIR, 'bench-engine.js')];
}

export interface EngineOptions {
  readonly uasPort: number;
  /** Folder for the SQLite file (and the CPU profile). */
  readonly dir: string;
  readonly traceOff?: boolean;
  /** Write a V8 CPU profile into this folder when the engine stops. */
  readonly cpuProfDir?: string;
}

export interface MemoryReading {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export interface Engine extends SystemUnderTest {
  readonly pid: number;
  readonly url: string;
  readonly dbPath: string;
  /** Full GC in the engine, then its memory figures. */
  memoryAfterGc(): Promise<MemoryReading>;
}

export async function startEngine(options: EngineOptions): Promise<Engine> {
  const sipPort = await uniquePort();
  const httpPort = await uniquePort();
  const dbPath = join(options.dir, 'patchbay.db');
  // Every line the engine prints, stamped with the time in ms (e.g. with --trace-gc in BENCH_NODE_FLAGS).
  const engineLog = process.env['BENCH_ENGINE_LOG'] || undefined;
  const nodeArgs = [
    '--expose-gc',
    ...STARTUP_V8_FLAGS,
    ...(process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter(Boolean),
  ];
  if (options.cpuProfDir !== undefined) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfDir);
  const args = [...nodeArgs, ...(await launcherArgs())];
  args.push('--sip-host', '127.0.0.1', '--sip-port', String(sipPort));
  args.push('--http-host', '127.0.0.1', '--http-port', String(httpPort), '--db', dbPath, '--auth', 'off');

  let memoryWaiter: ((m: MemoryReading) => void) | undefined;
  let ready: ((url: string) => void) | undefined;
  const readyUrl = new Promise<string>((resolve) => (ready = resolve));
  const proc = startTracked('patchbay', process.execPath, args, { cwd: ENGINE_DIR }, (line) => {
    if (engineLog !== undefined) appendFileSync(engineLog, `${Date.now()} ${line}\n`);
    const listening = /^Patchbay listening: (\S+)/.exec(line);
    if (listening !== null) ready?.(listening[1] ?? '');
    if (line.startsWith('BENCH-MEMORY ')) memoryWaiter?.(JSON.parse(line.slice(13)) as MemoryReading);
  });
  const url = await Promise.race([
    readyUrl,
    proc.exited.then((code) => Promise.reject(new Error(`engine exited (${code}):\n${proc.output()}`))),
    sleep(30_000).then(() => Promise.reject(new Error(`engine not ready after 30 s:\n${proc.output()}`))),
  ]);
  const alive = (): boolean => proc.child.exitCode === null && proc.child.signalCode === null;
  let created = false;
  const deployRelay = async (uasPort: number): Promise<void> => {
    const flow = relayFlow(uasPort, options.traceOff === true ? 'off' : 'full');
    if (created) await sendJson('PUT', `${url}/api/flows/bench-relay`, flow);
    else await sendJson('POST', `${url}/api/flows`, flow);
    created = true;
    await sendJson('POST', `${url}/api/flows/bench-relay/deploy`, {});
  };
  const engine: Engine = {
    retarget: deployRelay,
    name: options.traceOff === true ? 'patchbay-trace-off' : 'patchbay',
    sipPort,
    pid: proc.pid,
    url,
    dbPath,
    cpuSeconds: () => cpuSeconds([proc.pid]),
    alive,
    output: () => proc.output(),
    stop: () => proc.stop(10_000),
    loopDelay: async () => {
      const m = (await getJson(`${url}/api/metrics?reset=1`)) as {
        eventLoopDelayMs: LoopDelay;
        eventLoopBusy: number;
        gcPauseMs?: Record<string, { maxMs: number }>;
        sipThreadCpu?: { waitShare: number } | null;
      };
      const gcMaxMs = Math.max(0, ...Object.values(m.gcPauseMs ?? {}).map((p) => p.maxMs));
      const cpuWaitShare = m.sipThreadCpu?.waitShare;
      return {
        ...m.eventLoopDelayMs,
        busy: m.eventLoopBusy,
        gcMaxMs,
        ...(cpuWaitShare === undefined ? {} : { cpuWaitShare }),
      };
    },
    transactionsAlive: async () => {
      const m = (await getJson(`${url}/api/metrics`)) as {
        sip?: { transactions?: { servers: number; clients: number } };
      };
      const t = m.sip?.transactions;
      return t === undefined ? 0 : t.servers + t.clients;
    },
    memoryAfterGc: () =>
      Promise.race([
        new Promise<MemoryReading>((resolve) => {
          memoryWaiter = resolve;
          proc.signal('SIGUSR2');
        }),
        sleep(10_000).then(() => ({
          rss: rssBytes(proc.pid),
          heapUsed: NaN,
          external: NaN,
          arrayBuffers: NaN,
        })),
      ]),
  };
  try {
    await deployRelay(options.uasPort);
  } catch (err) {
    await engine.stop();
    throw err;
  }
  return engine;
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function sendJson(method: 'POST' | 'PUT', url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}
