// Cost per call of running a 10-node flow (translate-number, set-variable, condition, set-header,
// log, switch, time-of-day, split, relay after Start) through the runtime, with the flow's trace
// level off and full (steps written by the real TraceWriter into a temp SQLite file). Reports
// the median µs per call of repeated rounds and the ratio full/off. The SIP side is a recording
// ProxiedRequest whose relay answers at once, so only the runtime and the trace are measured.
// Run: npm run bench -- --only flow, or npx tsx apps/engine/bench/flow-run.bench.ts [rounds] [calls]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { compileFlow } from '@patchbay/shared/compiler';
import type { FlowDocument } from '@patchbay/shared/flow';
import { Runtime } from '../src/runtime/runtime';
import { flow, recordingRequest, sipView } from '../src/runtime/runtime-test-kit';
import { openStore } from '../src/store/store';
import { fmt, table, writeResults } from './lib/results';

function tenNodeFlow(traceLevel: 'off' | 'full'): FlowDocument {
  return flow(
    [
      ['t', 'translate-number', { rules: [{ match: '^0([1-9][0-9]{8})$', replace: '+31$1' }] }],
      ['v', 'set-variable', { assignments: [{ key: 'tenant', value: 'request.headers["x-tenant"][0]' }] }],
      ['c', 'condition', { expression: 'request.uri.user.startsWith("+31") && source.transport == "udp"' }],
      ['h', 'set-header', { name: 'X-Tenant-Route', value: '"t-" + vars.tenant' }],
      ['l', 'log', { message: '"call for " + request.uri.user' }],
      ['s', 'switch', { value: 'vars.tenant', cases: [{ port: 'acme', equals: 'acme' }] }],
      ['tod', 'time-of-day', { timeZone: 'Europe/Amsterdam', rules: [{ port: 'open' }] }],
      [
        'sp',
        'split',
        {
          shares: [
            { port: 'a', percent: 100 },
            { port: 'b', percent: 0 },
          ],
        },
      ],
      ['r', 'relay', { target: 'sip:pbx@10.0.0.1' }],
      ['x', 'respond', { code: 404, reason: 'No' }],
    ],
    [
      ['start', 'next', 't'],
      ['t', 'next', 'v'],
      ['v', 'next', 'c'],
      ['c', 'true', 'h'],
      ['c', 'false', 'x'],
      ['h', 'next', 'l'],
      ['l', 'next', 's'],
      ['s', 'acme', 'tod'],
      ['s', 'default', 'x'],
      ['tod', 'open', 'sp'],
      ['tod', 'otherwise', 'x'],
      ['sp', 'a', 'r'],
      ['sp', 'b', 'r'],
    ],
    'bench',
    { traceLevel },
  );
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function measure(traceLevel: 'off' | 'full', rounds: number, calls: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-bench-'));
  const store = openStore(join(dir, 'bench.db'), {});
  const runtime = new Runtime(store.traces);
  const doc = tenNodeFlow(traceLevel);
  const compiled = compileFlow(doc);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  runtime.deploy(compiled.program, doc);
  const perCall: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const requests = Array.from({ length: calls }, () => recordingRequest(sipView()).proxied);
    const t0 = performance.now();
    for (const p of requests) runtime.handleRequest(p);
    await tick(); // the flows finish (all microtasks) and the writer flushes its batch
    await tick();
    store.traces.flush();
    perCall.push(((performance.now() - t0) * 1000) / calls);
  }
  store.close();
  rmSync(dir, { recursive: true, force: true });
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)]!;
}

export interface FlowBenchResult {
  readonly rounds: number;
  readonly callsPerRound: number;
  /** Median µs per call. */
  readonly traceOffUs: number;
  readonly traceFullUs: number;
  readonly ratioFullToOff: number;
}

export async function runAndWriteFlowBench(rounds: number, calls = 500): Promise<FlowBenchResult> {
  console.log(`\n== 10-node flow through the runtime (${rounds} rounds × ${calls} calls) ==`);
  await measure('full', 3, calls); // warm-up
  const off = await measure('off', rounds, calls);
  const full = await measure('full', rounds, calls);
  const result: FlowBenchResult = {
    rounds,
    callsPerRound: calls,
    traceOffUs: off,
    traceFullUs: full,
    ratioFullToOff: full / off,
  };
  const md = [
    `# 10-node flow, ${new Date().toISOString()}`,
    '',
    `Median µs per call over ${rounds} rounds of ${calls} calls; the SIP side is faked, the trace is`,
    'written by the real writer into a SQLite file.',
    '',
    table(
      ['trace off (µs/call)', 'trace full (µs/call)', 'full ÷ off'],
      [[fmt(off, 1), fmt(full, 1), fmt(full / off)]],
    ),
    '',
  ].join('\n');
  const files = writeResults('flow-run', result, md);
  console.log(`\n${md}Written: ${files.slice(0, 2).join(', ')}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  await runAndWriteFlowBench(Number(process.argv[2] ?? 30), Number(process.argv[3] ?? 500));
