// GET /api/metrics: the engine's own health figures — event-loop delay percentiles and the share
// of time the SIP thread was busy since the last reset, the garbage collector's pauses and the
// SIP thread's time waiting for a CPU over the same window, memory, CPU time, the trace writer's
// progress, the idle heap releases (idle-heap-release.ts) and the SIP stack's counters of bad
// input — for dashboards and the benchmark.
// `?reset=1` starts a new measuring window after reading.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Router } from 'express';
import { idleHeapReleaseStats } from '../../idle-heap-release';
import { CpuWaitRecorder } from '../../cpu-wait';
import { GcPauseRecorder } from '../../gc-pauses';
import type { AppDeps } from '../create-app';

/** Sampling interval of the event-loop delay histogram. */
const LOOP_SAMPLE_MS = 10;

export function metricsRoutes({ store, traces = store.traces, sipStats }: AppDeps): Router {
  const r = Router();
  const loop = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  loop.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  // The histogram holds the time between two of its samples, an idle loop included (10 ms apart
  // at a 10 ms resolution); the delay is what exceeds that interval.
  const delayMs = (ns: number) => Math.max(0, ms(ns - LOOP_SAMPLE_MS * 1e6));
  // Event-loop utilization: the share of the window the SIP (main) thread spent working. Near 1,
  // it has no time left for more calls, whatever the process's CPU time (the trace worker's
  // thread counts there too).
  let windowStart = performance.eventLoopUtilization();
  // The collector's pauses over the same window: whether a stall above was the collector's.
  const gc = new GcPauseRecorder();
  // And how long the thread, with work to do, waited for a CPU: the part of a stall that is the
  // machine's. Made here, on the SIP thread, whose figures it reads.
  const cpuWait = new CpuWaitRecorder();

  r.get('/metrics', (req, res) => {
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    res.json({
      uptimeSec: Math.round(process.uptime()),
      eventLoopDelayMs: {
        p50: delayMs(loop.percentile(50)),
        p99: delayMs(loop.percentile(99)),
        max: delayMs(loop.max),
        mean: delayMs(loop.mean),
      },
      eventLoopBusy: Math.round(performance.eventLoopUtilization(windowStart).utilization * 1000) / 1000,
      gcPauseMs: gc.read(),
      sipThreadCpu: cpuWait.read() ?? null,
      memory: { rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external },
      idleHeapRelease: idleHeapReleaseStats() ?? null,
      cpuSec: { user: cpu.user / 1e6, system: cpu.system / 1e6 },
      traces: { written: traces.written, batches: traces.batches },
      ...(sipStats === undefined ? {} : { sip: sipStats() }),
    });
    if (req.query['reset'] === '1') {
      loop.reset();
      gc.reset();
      cpuWait.reset();
      windowStart = performance.eventLoopUtilization();
    }
  });
  return r;
}
