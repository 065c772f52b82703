// Memory per held call: RSS of the engine idle (after a warm-up), with half of N calls established
// and held open (SIPp pauses between ACK and BYE), then with all N, each reading after a full GC in
// the engine. What a held call costs is the growth from the first half to all N, divided by the
// calls added: the idle reading moves by tens of MiB between runs of the same code (what the
// allocator and V8 hand back while idle, caches that fill once), and against it the per-call figure
// moved by 3 KiB from run to run. A last reading 34 s later, when the INVITE transactions' timers L
// and M (64·T1 = 32 s) have fired, leaves what the engine keeps per established call.
import { uniquePort } from './ports';
import { sleep } from './processes';
import { startSipp } from './sipp';
import { settle, UAC_SCENARIO, UAS_SCENARIO } from './step';
import type { Engine, MemoryReading } from './engine-process';

export interface HeldCallsResult {
  readonly calls: number;
  readonly established: number;
  readonly rate: number;
  readonly idle: MemoryReading;
  /** The first half of the calls held, right after its last ACK. */
  readonly half: MemoryReading;
  readonly halfEstablished: number;
  /** Right after the last ACK: calls plus their INVITE transactions (Accepted, Timer L/M). */
  readonly held: MemoryReading;
  /** After the 32 s transaction timers: what remains per established call. */
  readonly heldAfterTimers?: MemoryReading;
  /** RSS growth from the first half to all calls held, per call added (transactions alive). */
  readonly addedBytesPerCall: number;
  readonly addedHeapPerCall: number;
  /** Against the idle reading. */
  readonly bytesPerCall: number;
  readonly bytesPerCallAfterTimers?: number;
  readonly heapPerCall: number;
  readonly heapPerCallAfterTimers?: number;
}

export interface HeldCallsInput {
  readonly engine: Engine;
  readonly uasPort: number;
  readonly calls: number;
  readonly rate: number;
  readonly waitTimers: boolean;
  readonly log: (line: string) => void;
}

export async function runHeldCalls(input: HeldCallsInput): Promise<HeldCallsResult> {
  const { engine, uasPort, calls, rate, waitTimers, log } = input;
  const setupSec = Math.ceil(calls / rate);
  const holdSec = setupSec + (waitTimers ? 60 : 20);
  const uas = await startSipp({
    scenario: UAS_SCENARIO,
    port: uasPort,
    timeoutSec: holdSec + 120,
    dumpSec: 60,
  });
  try {
    await warmUp(engine, log);
    if (waitTimers) {
      // Else the warm-up's own transactions would still be in the idle reading.
      log('[memory] waiting 34 s for the warm-up’s transactions to end…');
      await sleep(34_000);
    }
    const idle = await engine.memoryAfterGc();
    log(`[memory] idle after warm-up: RSS ${mib(idle.rss)}, heap ${mib(idle.heapUsed)}`);
    const first = Math.floor(calls / 2);
    const hold = async (n: number) =>
      startSipp({
        scenario: UAC_SCENARIO,
        port: await uniquePort(),
        remote: `127.0.0.1:${engine.sipPort}`,
        rate,
        calls: n,
        limit: n + 10,
        pauseMs: holdSec * 1000,
        timeoutSec: holdSec + 60,
      });
    const uacs: Awaited<ReturnType<typeof hold>>[] = [];
    try {
      const firstUac = await hold(first);
      uacs.push(firstUac);
      const halfEstablished = await waitForAcks(() => firstUac.counts(), first, setupSec + 30, log);
      await sleep(1000); // the last ACKs reach the UAS
      const half = await engine.memoryAfterGc();
      log(`[memory] ${halfEstablished} calls held: RSS ${mib(half.rss)}, heap ${mib(half.heapUsed)}`);
      const secondUac = await hold(calls - first);
      uacs.push(secondUac);
      const established =
        halfEstablished + (await waitForAcks(() => secondUac.counts(), calls - first, setupSec + 30, log));
      await sleep(1000);
      const held = await engine.memoryAfterGc();
      log(`[memory] ${established} calls held: RSS ${mib(held.rss)}, heap ${mib(held.heapUsed)}`);
      let heldAfterTimers: MemoryReading | undefined;
      if (waitTimers) {
        log('[memory] waiting 34 s for the transactions’ 32 s timers…');
        await sleep(34_000);
        heldAfterTimers = await engine.memoryAfterGc();
        log(`[memory] after timers: RSS ${mib(heldAfterTimers.rss)}, heap ${mib(heldAfterTimers.heapUsed)}`);
      }
      const per = (m: MemoryReading, k: 'rss' | 'heapUsed'): number =>
        (m[k] - idle[k]) / Math.max(1, established);
      const added = (k: 'rss' | 'heapUsed'): number =>
        (held[k] - half[k]) / Math.max(1, established - halfEstablished);
      return {
        calls,
        established,
        rate,
        idle,
        half,
        halfEstablished,
        held,
        addedBytesPerCall: added('rss'),
        addedHeapPerCall: added('heapUsed'),
        bytesPerCall: per(held, 'rss'),
        heapPerCall: per(held, 'heapUsed'),
        ...(heldAfterTimers === undefined
          ? {}
          : {
              heldAfterTimers,
              bytesPerCallAfterTimers: per(heldAfterTimers, 'rss'),
              heapPerCallAfterTimers: per(heldAfterTimers, 'heapUsed'),
            }),
      };
    } finally {
      for (const uac of uacs) await uac.stop(); // the held calls are abandoned; the engine is stopped next
    }
  } finally {
    await uas.stop();
  }
}

/** 600 calls at 200 cps so that code is compiled and pools are warm before the idle reading. */
async function warmUp(engine: Engine, log: (line: string) => void): Promise<void> {
  const uac = await startSipp({
    scenario: UAC_SCENARIO,
    port: await uniquePort(),
    remote: `127.0.0.1:${engine.sipPort}`,
    rate: 200,
    calls: 600,
    pauseMs: 50,
    timeoutSec: 30,
  });
  const s = await uac.finish();
  log(`[memory] warm-up: ${s.successful}/600 calls`);
  await settle(engine);
}

async function waitForAcks(
  counts: () => Record<string, number>,
  calls: number,
  maxSec: number,
  log: (line: string) => void,
): Promise<number> {
  const until = Date.now() + maxSec * 1000;
  let acks = 0;
  let last = -1;
  let stalled = 0;
  while (Date.now() < until) {
    await sleep(1000);
    const c = counts();
    const key = Object.keys(c).find((k) => /^\d+_ACK_Sent$/.test(k));
    acks = key === undefined ? 0 : (c[key] ?? 0);
    if (acks >= calls) break;
    stalled = acks === last ? stalled + 1 : 0;
    if (stalled >= 5) break; // nothing moves: SIPp or the engine gave up
    last = acks;
    log(`[memory] ${acks}/${calls} calls established`);
  }
  return acks;
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}
