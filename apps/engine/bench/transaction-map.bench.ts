// The transaction layer's key → transaction table under the churn it sees at high call rates:
// N transactions waiting out their timers, and per step a lookup that misses (a new request), an
// insertion, a lookup that hits (a response) and the oldest one deleted. A plain Map against the
// ShardedMap the layer uses (sharded-map.ts): µs per step, and the steps over 1 ms, the worst one
// (a plain Map rehashes every entry on some insertions). Keys are built beforehand and share one
// value, so that the loop allocates nothing but the tables.
// Run: npm run bench -- --only maps, or npx tsx apps/engine/bench/transaction-map.bench.ts [N] [steps]
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ShardedMap } from '../src/sip/transaction/sharded-map';
import { median } from './lib/stats';
import { fmt, table, writeResults } from './lib/results';

interface Table {
  get(k: string): object | undefined;
  set(k: string, v: object): void;
  delete(k: string): boolean;
}

interface Run {
  readonly usPerStep: number;
  readonly stepsOver1Ms: number;
  readonly worstMs: number;
}

function churn(map: Table, keys: readonly string[], live: number, steps: number): Run {
  const value = {};
  let next = 0;
  let oldest = 0;
  for (; next < live; next++) map.set(keys[next] as string, value);
  let over = 0;
  let worst = 0;
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const k = keys[next++] as string;
    const t = performance.now();
    map.get(k);
    map.set(k, value);
    map.get(keys[next - 10] as string);
    map.delete(keys[oldest++] as string);
    const d = performance.now() - t;
    if (d > 1) over++;
    if (d > worst) worst = d;
  }
  return { usPerStep: ((performance.now() - t0) * 1000) / steps, stepsOver1Ms: over, worstMs: worst };
}

export function runAndWriteMapBench(live = 190_000, steps = 600_000, rounds = 3): unknown {
  const keys = Array.from(
    { length: live + steps },
    (_, i) => `z9hG4bK-${i.toString(36)}-${(i * 7919).toString(36)}|127.0.0.1:5060|INVITE`,
  );
  const runs = { map: [] as Run[], sharded: [] as Run[] };
  for (let r = 0; r < rounds; r++) {
    runs.map.push(churn(new Map<string, object>(), keys, live, steps));
    runs.sharded.push(churn(new ShardedMap<object>(), keys, live, steps));
    console.log(
      `round ${r + 1}/${rounds}: Map ${fmt(runs.map[r]?.worstMs, 1)} ms worst, ShardedMap ${fmt(runs.sharded[r]?.worstMs, 1)} ms worst`,
    );
  }
  const row = (name: string, rs: Run[]): (string | number)[] => [
    name,
    fmt(median(rs.map((x) => x.usPerStep))),
    rs.map((x) => x.stepsOver1Ms).join(' / '),
    rs.map((x) => fmt(x.worstMs, 1)).join(' / '),
  ];
  const md =
    `## Transaction table: ${live.toLocaleString('en')} live keys, ${steps.toLocaleString('en')} steps, ${rounds} rounds\n\n` +
    table(
      ['table', 'µs per step (median)', 'steps over 1 ms', 'worst step ms'],
      [row('Map', runs.map), row('ShardedMap', runs.sharded)],
    ) +
    '\n';
  const result = { live, steps, rounds, runs };
  const files = writeResults('transaction-map', result, md);
  console.log(`\n${md}Written: ${files.slice(0, 2).join(', ')}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  runAndWriteMapBench(Number(process.argv[2] ?? 190_000), Number(process.argv[3] ?? 600_000));
