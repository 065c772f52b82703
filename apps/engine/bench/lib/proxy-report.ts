// Headline figures, the targets and the Markdown report of the proxy benchmark.
import type { ProxyBenchResult } from '../proxy-throughput.bench';
import type { RampResult } from './ramp';
import type { LoopDelay } from './sut';
import { fmt, table } from './results';
import { median, ratio } from './stats';

export interface Target {
  readonly what: string;
  readonly target: string;
  readonly value: string;
  readonly met: boolean | undefined;
}

export interface ProxySummary {
  readonly patchbayMaxRate?: number | undefined;
  readonly kamailioMaxRate?: number | undefined;
  /** Patchbay ÷ Kamailio, highest rate with < 0.1 % failed. */
  readonly rateRatio: number;
  /** Patchbay ÷ Kamailio CPU per call, median over the rates both passed. */
  readonly cpuPerCallRatio: number;
  readonly traceOffMaxRate?: number | undefined;
  /** Full ÷ off, highest rate. */
  readonly traceRateRatio: number;
  /**
   * Extra CPU per call with full tracing (full ÷ off − 1): from the alternated pairs
   * (lib/trace-cost.ts) when they ran, else from the two stepped runs.
   */
  readonly traceCpuOverhead: number;
  /**
   * The same from the two stepped runs, median over the rates both passed from half the trace-off
   * maximum rate up: below, the engine's fixed costs (timers, sampling) are most of a call's CPU
   * and the ratio says little about what tracing costs under load.
   */
  readonly traceCpuOverheadRamps: number;
  /**
   * Event-loop stall at the max rate: the largest loop delay of its runs. GET /api/metrics already
   * reports the delay beyond the histogram's 10 ms sampling interval; nothing more comes off here.
   */
  readonly loopStallAtMaxMs: number;
  readonly targets: Target[];
}

type Parts = Partial<
  Pick<ProxyBenchResult, 'patchbay' | 'kamailio' | 'traceOff' | 'traceCost' | 'setup' | 'memory'>
>;

/** Median of a ÷ b CPU per call over the rates from `minRate` up that both runs passed. */
function cpuRatio(a: RampResult | undefined, b: RampResult | undefined, minRate = 0): number {
  if (a === undefined || b === undefined) return Number.NaN;
  const ratios = a.rates.flatMap((ra) => {
    const rb = b.rates.find((x) => x.rate === ra.rate);
    return ra.rate >= minRate && ra.pass && rb?.pass === true
      ? [ratio(ra.medianCpuPer1000, rb.medianCpuPer1000)]
      : [];
  });
  return median(ratios);
}

/**
 * What the run with the longest stall at the max rate says of it: its longest GC pause, and the
 * share of the SIP thread's working time spent waiting for a core (the machine's part).
 */
function stallComposition(pb: RampResult | undefined): string {
  let worst: LoopDelay | undefined;
  for (const s of pb?.steps ?? []) {
    const l = s.loopDelayMs;
    if (s.rate === pb?.maxRate && l !== undefined && (worst === undefined || l.max > worst.max)) worst = l;
  }
  const parts = [
    worst?.gcMaxMs === undefined ? '' : `longest GC pause ${fmt(worst.gcMaxMs, 1)} ms`,
    worst?.cpuWaitShare === undefined
      ? ''
      : `waiting for a core ${fmt(worst.cpuWaitShare * 100, 0)} % of its time`,
  ].filter((x) => x !== '');
  return parts.length === 0 ? '' : ` (that run: ${parts.join(', ')})`;
}

export function proxySummary(r: Parts): ProxySummary {
  const pb = r.patchbay;
  const atMax = pb?.rates.find((x) => x.rate === pb.maxRate);
  const loopStallAtMaxMs = atMax?.maxLoopMaxMs ?? Number.NaN;
  const stallParts = stallComposition(pb);
  const rateRatio = ratio(pb?.maxRate, r.kamailio?.maxRate);
  const traceCpuOverheadRamps = cpuRatio(pb, r.traceOff, (r.traceOff?.maxRate ?? 0) / 2) - 1;
  const pairedOverhead = r.traceCost?.overhead ?? Number.NaN;
  const paired = Number.isFinite(pairedOverhead);
  const traceCpuOverhead = paired ? pairedOverhead : traceCpuOverheadRamps;
  const setup = r.setup?.time.addedMs;
  // RSS: what the second half of the held calls added, per call, with their transactions alive
  // (held-calls.ts says why not against the idle reading).
  const kib = r.memory === undefined ? Number.NaN : r.memory.addedBytesPerCall / 1024;
  const heapKib =
    r.memory === undefined ? Number.NaN : (r.memory.heapPerCallAfterTimers ?? r.memory.heapPerCall) / 1024;
  const check = (value: number, ok: (v: number) => boolean): boolean | undefined =>
    Number.isFinite(value) ? ok(value) : undefined;
  return {
    patchbayMaxRate: pb?.maxRate,
    kamailioMaxRate: r.kamailio?.maxRate,
    rateRatio,
    cpuPerCallRatio: cpuRatio(pb, r.kamailio),
    traceOffMaxRate: r.traceOff?.maxRate,
    traceRateRatio: ratio(pb?.maxRate, r.traceOff?.maxRate),
    traceCpuOverhead,
    traceCpuOverheadRamps,
    loopStallAtMaxMs,
    targets: [
      {
        what: 'rate, Patchbay ÷ Kamailio (<0.1 % failed)',
        target: '≥ 0.5 (aim 0.75)',
        value: fmt(rateRatio),
        met: check(rateRatio, (v) => v >= 0.5),
      },
      {
        what: paired
          ? `tracing cost: CPU per call, full ÷ off − 1 (alternated at ${r.traceCost?.rate} cps, median of ${r.traceCost?.pairs.length} pairs)`
          : 'tracing cost: CPU per call, full ÷ off − 1 (stepped runs, from half the max rate up)',
        target: '≤ 10 %',
        value: `${fmt(traceCpuOverhead * 100, 1)} %`,
        met: check(traceCpuOverhead, (v) => v <= 0.1),
      },
      {
        what: `added setup time p50 at ${r.setup?.rate ?? '–'} cps`,
        target: '≤ 0.3 ms',
        value: `${fmt(setup?.p50, 3)} ms`,
        met: check(setup?.p50 ?? Number.NaN, (v) => v <= 0.3),
      },
      {
        what: `added setup time p99 at ${r.setup?.rate ?? '–'} cps`,
        target: '≤ 1 ms',
        value: `${fmt(setup?.p99, 3)} ms`,
        met: check(setup?.p99 ?? Number.NaN, (v) => v <= 1),
      },
      {
        what: 'memory per held call (RSS)',
        target: '≤ 4 KiB',
        value: `${fmt(kib, 1)} KiB`,
        met: check(kib, (v) => v <= 4),
      },
      {
        what: 'memory per held call (JS heap)',
        target: '≤ 4 KiB',
        value: `${fmt(heapKib, 1)} KiB`,
        met: check(heapKib, (v) => v <= 4),
      },
      {
        what: `event-loop stall at the max rate (${pb?.maxRate ?? '–'} cps)`,
        target: '≤ 10 ms',
        value: `${fmt(loopStallAtMaxMs, 1)} ms${stallParts}`,
        met: check(loopStallAtMaxMs, (v) => v <= 10),
      },
    ],
  };
}

function stepsTable(r: RampResult): string {
  return table(
    [
      'cps',
      'run',
      'calls',
      'failed',
      'fail %',
      'CPU s/1000 calls',
      'SUT cores',
      'UAC cores',
      'UAS cores',
      'machine busy',
      'other cores',
      'retrans sent/recv',
      'UDP drops',
      'loop p99/max ms (longest GC pause)',
      'SIP thread busy (waiting for a core)',
      'SIPp setup ms',
      '',
    ],
    r.steps.map((s) => [
      s.rate,
      s.run,
      s.calls,
      s.failed,
      fmt(s.failRatio * 100, 3),
      fmt(s.cpuPer1000, 3),
      fmt(s.sutCores),
      fmt(s.uacCores),
      fmt(s.uasCores),
      `${fmt(s.machineBusy * 100, 0)} %`,
      fmt(s.otherCores),
      `${s.retrans.uacSent + s.retrans.uasSent}/${s.retrans.uacRecv + s.retrans.uasRecv}`,
      s.udpDrops,
      s.loopDelayMs === undefined
        ? '–'
        : `${s.loopDelayMs.p99}/${s.loopDelayMs.max}` +
          (s.loopDelayMs.gcMaxMs === undefined ? '' : ` (${fmt(s.loopDelayMs.gcMaxMs, 1)})`),
      s.loopDelayMs?.busy === undefined
        ? '–'
        : `${fmt(s.loopDelayMs.busy * 100, 0)} %` +
          (s.loopDelayMs.cpuWaitShare === undefined
            ? ''
            : ` (${fmt(s.loopDelayMs.cpuWaitShare * 100, 0)} %)`),
      fmt(s.sippSetupMsMean, 1),
      [
        s.behind ? 'SIPp behind' : s.failRatio < 0.001 ? 'pass' : 'FAIL',
        s.disturbed ? 'disturbed, repeated' : '',
        s.countedDespiteLoad === true ? 'busy machine' : '',
      ]
        .filter((x) => x !== '')
        .join(', '),
    ]),
  );
}

function sideBySide(r: ProxyBenchResult): string {
  const cols = [r.patchbay, r.traceOff, r.kamailio];
  const cell = (f: (x: RampResult) => number | undefined, d = 0): string[] =>
    cols.map((c) => (c === undefined ? '–' : fmt(f(c), d)));
  const at = (x: RampResult): RampResult['rates'][number] | undefined =>
    x.rates.find((s) => s.rate === x.maxRate);
  return table(
    ['', 'Patchbay (full trace)', 'Patchbay (trace off)', 'Kamailio', 'Patchbay ÷ Kamailio'],
    [
      ['max rate, < 0.1 % failed (cps)', ...cell((x) => x.maxRate), fmt(r.summary.rateRatio)],
      [
        'max rate, 0 failed (cps)',
        ...cell((x) => x.maxRateZeroFailed),
        fmt(ratio(r.patchbay?.maxRateZeroFailed, r.kamailio?.maxRateZeroFailed)),
      ],
      ['CPU s per 1,000 calls at its max rate (median)', ...cell((x) => at(x)?.medianCpuPer1000, 3), '–'],
      ['CPU per call, median ratio over common rates', '', '', '', fmt(r.summary.cpuPerCallRatio)],
      ['SUT cores used at its max rate', ...cell((x) => at(x)?.medianSutCores, 2), '–'],
      ['machine busy at its max rate (%)', ...cell((x) => (at(x)?.medianMachineBusy ?? NaN) * 100, 0), '–'],
      ['retransmissions per call at its max rate', ...cell((x) => at(x)?.retransPerCall, 4), '–'],
      [
        'event loop p99 / max at max rate (ms)',
        ...cols.map((c) =>
          c === undefined || c.system === 'kamailio'
            ? '–'
            : `${fmt(at(c)?.medianLoopP99Ms, 1)} / ${fmt(at(c)?.maxLoopMaxMs, 1)}`,
        ),
        '–',
      ],
    ],
  );
}

export function proxyMarkdown(r: ProxyBenchResult): string {
  const e = r.environment;
  const parts: string[] = [
    `# Patchbay proxy benchmark, ${r.startedAt}`,
    '',
    `Command: \`${r.command}\` (${r.wallSec} s). Machine: ${e.cpus} × ${e.cpuModel}; Node ${e.node}; ${e.sipp}` +
      `${r.kamailio === undefined ? '' : `; Kamailio ${r.kamailio.version} with ${r.kamailio.children} UDP workers`}. ` +
      `Code: ${e.gitHead}${e.gitDirtyFiles > 0 ? ` + ${e.gitDirtyFiles} changed/untracked files` : ''}. ` +
      `Steps of ${r.options.stepSec} s, up to ${r.options.reps} runs per rate (medians). SIPp UAC, SIPp UAS and the ` +
      `system under test share the machine, over UDP on 127.0.0.1.`,
    '',
    `Machine speed probe before each phase and at the end (a fixed piece of JavaScript, lib/speed-probe.ts; ms, lower is faster; compare runs by it): ` +
      (Object.entries(r.speedProbeMs ?? {})
        .map(([at, ms]) => `${at} ${ms}`)
        .join(', ') || '–') +
      '.',
    '',
    '## Targets',
    '',
    table(
      ['what', 'target', 'measured', 'met'],
      r.summary.targets.map((t) => [
        t.what,
        t.target,
        t.value,
        t.met === undefined ? '–' : t.met ? 'yes' : 'no',
      ]),
    ),
    '',
    '## Side by side',
    '',
    sideBySide(r),
  ];
  if (r.kamailioSkipped !== undefined) parts.push('', `Kamailio: skipped, ${r.kamailioSkipped}.`);
  if (Number.isFinite(r.summary.traceCpuOverhead)) {
    const c = r.traceCost;
    const pairs =
      c === undefined || c.pairs.length === 0
        ? ''
        : ` Alternated at ${c.rate} cps (CPU s per 1,000 calls, full / off): ` +
          c.pairs.map((p) => `${fmt(p.full, 3)} / ${fmt(p.off, 3)}`).join(', ') +
          `${c.failedPairs > 0 ? `; ${c.failedPairs} pairs left out (a run failed calls)` : ''}; ` +
          `median ${fmt(r.summary.traceCpuOverhead * 100, 1)} %.`;
    parts.push(
      '',
      `Tracing: full ÷ off max rate ${fmt(r.summary.traceRateRatio)}; CPU per call in the stepped runs ` +
        `${fmt(r.summary.traceCpuOverheadRamps * 100, 1)} % ` +
        '(median over the rates both passed from half the trace-off maximum up; ' +
        "off = the flow's trace level set to off: the call is discarded at its start and its later events dropped before they leave the SIP thread)." +
        pairs,
    );
  }
  if (r.setup !== undefined) {
    const t = r.setup.time;
    const row = (name: string, p: typeof t.addedMs): (string | number)[] => [
      name,
      fmt(p.p50, 3),
      fmt(p.p90, 3),
      fmt(p.p99, 3),
      fmt(p.max, 3),
    ];
    parts.push(
      '',
      `## Setup time added by the engine at ${r.setup.rate} cps (${t.calls} calls, ${t.incomplete} incomplete)`,
      '',
      'From the engine’s own trace timestamps; ms.',
      '',
      table(
        ['', 'p50', 'p90', 'p99', 'max'],
        [
          row('added = INVITE + 200', t.addedMs),
          row('in INVITE → out INVITE', t.inviteMs),
          row('in 200 → out 200', t.okMs),
        ],
      ),
    );
  }
  if (r.memory !== undefined) {
    const m = r.memory;
    const mib = (b: number): string => fmt(b / 1048576, 1);
    const rows: (string | number)[][] = [
      ['idle (after warm-up, GC)', mib(m.idle.rss), mib(m.idle.heapUsed), '–', '–'],
      [`${m.halfEstablished} calls held`, mib(m.half.rss), mib(m.half.heapUsed), '–', '–'],
      [
        `${m.established} calls held: per call added to the first ${m.halfEstablished}`,
        '–',
        '–',
        fmt(m.addedBytesPerCall, 0),
        fmt(m.addedHeapPerCall, 0),
      ],
      [
        `${m.established} calls held, transactions alive (per call: against idle)`,
        mib(m.held.rss),
        mib(m.held.heapUsed),
        fmt(m.bytesPerCall, 0),
        fmt(m.heapPerCall, 0),
      ],
    ];
    if (m.heldAfterTimers !== undefined)
      rows.push([
        `${m.established} calls held, after 32 s timers (against idle)`,
        mib(m.heldAfterTimers.rss),
        mib(m.heldAfterTimers.heapUsed),
        fmt(m.bytesPerCallAfterTimers, 0),
        fmt(m.heapPerCallAfterTimers, 0),
      ]);
    parts.push(
      '',
      `## Memory, ${m.calls} calls held open (set up at ${m.rate} cps)`,
      '',
      table(['', 'RSS MiB', 'heap MiB', 'RSS bytes/call', 'heap bytes/call'], rows),
    );
  }
  if (r.profile !== undefined) {
    const p = r.profile.summary;
    parts.push(
      '',
      `## Where the engine's time goes (node --cpu-prof at ${r.profile.rate} cps; ${fmt(p.busyMs / 1000, 1)} s busy, ${fmt(p.idleMs / 1000, 1)} s idle)`,
      '',
      table(
        ['area', 'self ms', 'share of busy'],
        p.areas.slice(0, 16).map((a) => [a.name, fmt(a.selfMs, 0), `${fmt(a.share * 100, 1)} %`]),
      ),
      '',
      table(
        ['function', 'where', 'self ms', 'share of busy'],
        p.functions.map((f) => [f.name, f.where, fmt(f.selfMs, 0), `${fmt(f.share * 100, 1)} %`]),
      ),
      '',
      `Profile: ${r.profile.file}`,
    );
  }
  for (const ramp of [r.patchbay, r.traceOff, r.kamailio]) {
    if (ramp !== undefined) parts.push('', `## Steps: ${ramp.system}`, '', stepsTable(ramp));
  }
  if (r.setup !== undefined)
    parts.push(
      '',
      '## Step: setup-time run',
      '',
      stepsTable({
        system: 'patchbay',
        steps: [r.setup.step],
        rates: [],
        maxRate: undefined,
        maxRateZeroFailed: undefined,
      }),
    );
  return `${parts.join('\n')}\n`;
}
