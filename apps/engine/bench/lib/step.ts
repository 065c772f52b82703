// One step of a stepped run: a fresh SIPp UAS, then a SIPp UAC placing rate × stepSec calls at
// `rate` calls/s through the system under test; CPU, retransmissions and failures are read back.
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniquePort } from './ports';
import { sleep } from './processes';
import { busyShare, cpuSeconds, machineCpu, udpRcvbufErrors } from './proc-stats';
import { startSipp } from './sipp';
import type { SippRun } from './sipp';
import type { LoopDelay, SystemUnderTest } from './sut';

const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), '../scenarios');
export const UAC_SCENARIO = join(SCENARIOS, 'uac-call.xml');
export const UAS_SCENARIO = join(SCENARIOS, 'uas-answer.xml');
/** Pause between ACK and BYE in the rate steps. */
const CALL_PAUSE_MS = 50;
/** A call fails when an expected message is this late (SIPp -recv_timeout). */
const RECV_TIMEOUT_MS = 8000;
/** Most failures a passing step may have: under 0.1 %. */
export const MAX_FAIL_RATIO = 0.001;
const cores = cpus().length;
/** Cores other processes may use during a step before it counts as disturbed. */
export const DISTURBED_CORES = 0.3;

export interface StepResult {
  readonly system: string;
  readonly rate: number;
  readonly run: number;
  readonly calls: number;
  readonly successful: number;
  /** Calls that did not succeed, for whatever reason (failed, timed out, never placed). */
  readonly failed: number;
  readonly failRatio: number;
  readonly wallSec: number;
  /** SIPp could not place the calls at the offered rate (it took over 10 % longer). */
  readonly behind: boolean;
  readonly sutCpuSec: number;
  /** The system's CPU seconds per 1,000 successful calls. */
  readonly cpuPer1000: number;
  /** CPU of the system under test as a share of one core. */
  readonly sutCores: number;
  readonly uacCores: number;
  readonly uasCores: number;
  /** Busy share of the whole machine (all cores), 0–1. */
  readonly machineBusy: number;
  /** Cores used by everything else on the machine meanwhile (other processes, kernel). */
  readonly otherCores: number;
  /** Other processes used more than DISTURBED_CORES meanwhile: the run is repeated, not counted. */
  readonly disturbed: boolean;
  /** Disturbed in every attempt; this last one is counted anyway. */
  readonly countedDespiteLoad?: boolean;
  readonly retrans: { uacSent: number; uacRecv: number; uasSent: number; uasRecv: number };
  /** Datagrams the kernel dropped for full UDP receive buffers meanwhile (machine-wide). */
  readonly udpDrops: number;
  readonly sippSetupMsMean: number;
  readonly loopDelayMs?: LoopDelay;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly errors?: string;
}

/** The last step had failed calls: the next one waits for its transactions to end. */
let lastStepFailed = false;
/** Transactions left from the previous step that count as none (a few late retransmissions). */
const DRAINED_BELOW = 100;
/** Longest wait for them: 64*T1 = 32 s plus margin. */
const DRAIN_MAX_MS = 40_000;

export function stepPasses(s: StepResult): boolean {
  return !s.behind && s.failRatio < MAX_FAIL_RATIO;
}

/**
 * Wait until the system under test uses under 10 % of a core, so that steps do not overlap (after
 * an overloaded step a proxy still works off retransmissions and timers for up to 64*T1 = 32 s,
 * and the next step would inherit that load); for Patchbay, after a step with failed calls, also
 * until that step's transactions are gone (it leaves tens of thousands retransmitting or waiting
 * out their timers, whose memory and GC work the next step would inherit with the CPU idle);
 * and until the rest of the machine is quiet (other processes under DISTURBED_CORES), each
 * bounded.
 */
export async function settle(sut: SystemUnderTest, maxMs = 60_000, quietMs = 60_000): Promise<void> {
  const started = Date.now();
  const until = started + maxMs;
  let told = false;
  while (Date.now() < until) {
    const a = sut.cpuSeconds();
    await sleep(500);
    const busy = (sut.cpuSeconds() - a) / 0.5;
    if (busy < 0.1) break;
    if (!told && Date.now() - started > 3000) {
      console.log(`  (waiting for ${sut.name} to go idle: ${busy.toFixed(2)} core busy)`);
      told = true;
    }
  }
  const drain = lastStepFailed;
  lastStepFailed = false;
  if (sut.transactionsAlive !== undefined && drain) {
    const drainUntil = Date.now() + DRAIN_MAX_MS;
    let alive = await sut.transactionsAlive();
    if (alive > DRAINED_BELOW) console.log(`  (waiting for ${alive} transactions of ${sut.name} to end)`);
    while (alive > DRAINED_BELOW && Date.now() < drainUntil) {
      await sleep(1000);
      alive = await sut.transactionsAlive();
    }
  }
  const quietUntil = Date.now() + quietMs;
  let warned = false;
  while (Date.now() < quietUntil) {
    const m0 = machineCpu();
    const c0 = sut.cpuSeconds();
    await sleep(1000);
    const others = busyShare(m0, machineCpu()) * cores - (sut.cpuSeconds() - c0);
    if (others < DISTURBED_CORES / 2) return;
    if (!warned) console.log(`  (waiting for other processes to calm down: ${others.toFixed(2)} core busy)`);
    warned = true;
  }
}

export interface StepInput {
  readonly sut: SystemUnderTest;
  readonly uasPort: number;
  readonly rate: number;
  readonly run: number;
  readonly stepSec: number;
}

export async function runStep(input: StepInput): Promise<StepResult> {
  const { sut, rate, run, stepSec } = input;
  await settle(sut);
  let uasPort = input.uasPort;
  if (sut.retarget !== undefined) {
    uasPort = await uniquePort();
    await sut.retarget(uasPort);
  }
  const calls = Math.round(rate * stepSec);
  const uas = await startSipp({
    scenario: UAS_SCENARIO,
    port: uasPort,
    timeoutSec: stepSec + 120,
    dumpSec: 60,
  });
  let uac: SippRun | undefined;
  try {
    await sut.loopDelay?.(); // starts a new measuring window
    const cpu0 = sut.cpuSeconds();
    const m0 = machineCpu();
    const drops0 = udpRcvbufErrors();
    const t0 = Date.now();
    uac = await startSipp({
      scenario: UAC_SCENARIO,
      port: await uniquePort(),
      remote: `127.0.0.1:${sut.sipPort}`,
      rate,
      calls,
      limit: Math.max(2000, rate * 4),
      pauseMs: CALL_PAUSE_MS,
      recvTimeoutMs: RECV_TIMEOUT_MS,
      timeoutSec: stepSec + 30,
    });
    const sipp = [uac.proc.pid, uas.proc.pid];
    const sippCpu0 = sipp.map((p) => cpuSeconds([p]));
    const sippCpu = [...sippCpu0];
    const sampler = setInterval(() => {
      sipp.forEach((p, i) => {
        const c = cpuSeconds([p]);
        if (c > 0) sippCpu[i] = c;
      });
    }, 250);
    const stats = await uac.finish();
    clearInterval(sampler);
    const t1 = Date.now();
    const cpu1 = sut.cpuSeconds();
    const m1 = machineCpu();
    const udpDrops = udpRcvbufErrors() - drops0;
    const loopDelayMs = await sut.loopDelay?.();
    const uasStats = await uas.stop();
    if (!sut.alive()) throw new Error(`${sut.name} died during the step:\n${sut.output()}`);
    const wallSec = (t1 - t0) / 1000;
    const sutCpuSec = cpu1 - cpu0;
    const failed = calls - stats.successful;
    if (failed > 0) lastStepFailed = true;
    const uacCpu = (sippCpu[0] ?? 0) - (sippCpu0[0] ?? 0);
    const uasCpu = (sippCpu[1] ?? 0) - (sippCpu0[1] ?? 0);
    const otherCores = Math.max(0, busyShare(m0, m1) * cores - (sutCpuSec + uacCpu + uasCpu) / wallSec);
    return {
      system: sut.name,
      rate,
      run,
      calls,
      successful: stats.successful,
      failed,
      failRatio: failed / calls,
      wallSec,
      behind: wallSec > stepSec * 1.1 + 1.5,
      sutCpuSec,
      cpuPer1000: stats.successful > 0 ? (sutCpuSec / stats.successful) * 1000 : Number.NaN,
      sutCores: sutCpuSec / wallSec,
      uacCores: uacCpu / wallSec,
      uasCores: uasCpu / wallSec,
      machineBusy: busyShare(m0, m1),
      otherCores,
      disturbed: otherCores > DISTURBED_CORES,
      retrans: {
        uacSent: stats.retransSent,
        uacRecv: stats.retransRecv,
        uasSent: uasStats.retransSent,
        uasRecv: uasStats.retransRecv,
      },
      udpDrops,
      sippSetupMsMean: stats.setupMsMean,
      ...(loopDelayMs === undefined ? {} : { loopDelayMs }),
      startedAt: t0,
      endedAt: t1,
      ...(failed > 0 ? { errors: (stats.errors || uasStats.errors).slice(0, 600) } : {}),
    };
  } finally {
    await uac?.stop();
    await uas.stop();
  }
}

export function describeStep(s: StepResult): string {
  const pct = (x: number): string => `${(x * 100).toFixed(x < 0.01 ? 3 : 1)}%`;
  const r = s.retrans;
  const loop =
    s.loopDelayMs === undefined
      ? ''
      : `, loop p99 ${s.loopDelayMs.p99} max ${s.loopDelayMs.max} ms` +
        (s.loopDelayMs.gcMaxMs === undefined
          ? ''
          : ` (longest GC pause ${s.loopDelayMs.gcMaxMs.toFixed(1)} ms)`) +
        (s.loopDelayMs.busy === undefined
          ? ''
          : `, SIP thread ${Math.round(s.loopDelayMs.busy * 100)} % busy`) +
        (s.loopDelayMs.cpuWaitShare === undefined
          ? ''
          : `, ${Math.round(s.loopDelayMs.cpuWaitShare * 100)} % of its time waiting for a core`);
  return (
    `[${s.system}] ${s.rate} cps run ${s.run}: ${s.calls} calls, ${s.failed} failed (${pct(s.failRatio)})` +
    `${s.behind ? ', SIPp BEHIND' : ''}, ${s.cpuPer1000.toFixed(2)} cpu-s/1000 calls, ` +
    `${s.sutCores.toFixed(2)} core (uac ${s.uacCores.toFixed(2)}, uas ${s.uasCores.toFixed(2)}), ` +
    `machine ${pct(s.machineBusy)} (others ${s.otherCores.toFixed(2)} core), retrans ${r.uacSent + r.uasSent} sent/${r.uacRecv + r.uasRecv} recv, UDP drops ${s.udpDrops}${loop}` +
    ` ${s.disturbed ? 'DISTURBED (repeated)' : stepPasses(s) ? 'PASS' : 'FAIL'}`
  );
}
