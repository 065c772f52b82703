// Tables that hold tens of thousands of entries under churn, a plain Map against a ShardedMap
// (sip/transaction/sharded-map.ts): µs per step, and the steps over 1 ms, the worst one (a plain Map
// rehashes every entry on some insertions).
// - Transactions: N waiting out their timers; per step a lookup that misses (a new request), an
//   insertion, a lookup that hits (a response) and the oldest one deleted.
// - Dialogs (the proxy's dialog tracker, which keeps a plain Map: the measurement behind that):
//   N calls up; per step a new call confirmed (a lookup that misses, an insertion) and a call
//   chosen at random ended (a lookup, a deletion), as calls of different lengths end in any order.
// Keys are built beforehand and share one value, so that the loop allocates nothing but the tables.
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

/** Dialogs: calls end in random order (a fixed xorshift sequence, the same for both tables). */
function churnRandom(
  map: Table & { has(k: string): boolean },
  keys: readonly string[],
  live: number,
  steps: number,
): Run {
  const value = {};
  const up: string[] = keys.slice(0, live);
  for (const k of up) map.set(k, value);
  let next = live;
  let x = 88172645;
  let over = 0;
  let worst = 0;
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const k = keys[next++] as string;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const at = (x >>> 0) % up.length;
    const ending = up[at] as string;
    up[at] = k;
    const t = performance.now();
    if (!map.has(k)) map.set(k, value);
    map.get(ending);
    map.delete(ending);
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
  const dialogLive = Math.round(live / 2);
  const dialogKeys = Array.from(
    { length: dialogLive + steps },
    (_, i) =>
      `${i.toString(36)}-${(i * 7919).toString(36)}@192.0.2.7|${(i * 31).toString(36)}|as${i.toString(16)}`,
  );
  const dialogs = { map: [] as Run[], sharded: [] as Run[] };
  for (let r = 0; r < rounds; r++) {
    runs.map.push(churn(new Map<string, object>(), keys, live, steps));
    runs.sharded.push(churn(new ShardedMap<object>(), keys, live, steps));
    dialogs.map.push(churnRandom(new Map<string, object>(), dialogKeys, dialogLive, steps));
    dialogs.sharded.push(churnRandom(new ShardedMap<object>(), dialogKeys, dialogLive, steps));
    console.log(
      `round ${r + 1}/${rounds}: worst step, transactions: Map ${fmt(runs.map[r]?.worstMs, 1)} ms, ShardedMap ${fmt(runs.sharded[r]?.worstMs, 1)} ms; ` +
        `dialogs: Map ${fmt(dialogs.map[r]?.worstMs, 1)} ms, ShardedMap ${fmt(dialogs.sharded[r]?.worstMs, 1)} ms`,
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
    `\n\n## Dialogs: ${dialogLive.toLocaleString('en')} calls up, ending in random order, ${steps.toLocaleString('en')} steps\n\n` +
    table(
      ['table', 'µs per step (median)', 'steps over 1 ms', 'worst step ms'],
      [row('Map', dialogs.map), row('ShardedMap', dialogs.sharded)],
    ) +
    '\n';
  const result = { live, steps, rounds, runs, dialogLive, dialogs };
  const files = writeResults('transaction-map', result, md);
  console.log(`\n${md}Written: ${files.slice(0, 2).join(', ')}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  runAndWriteMapBench(Number(process.argv[2] ?? 190_000), Number(process.argv[3] ?? 600_000));
