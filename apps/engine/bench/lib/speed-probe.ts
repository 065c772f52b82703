// How fast the machine is right now, by a fixed piece of JavaScript (strings, a Map, JSON): the
// same work every time, none of Patchbay's code, so that runs made hours apart can be compared. On
// the shared 2-core machine this benchmark was built on, the same code's results moved by 15–30 %
// within an hour, and so did this probe's time.
import { median } from './stats';

const ROUNDS = 5;
const KEYS = 50_000;

/** One round's work, ms. */
function round(): number {
  const t0 = performance.now();
  const m = new Map<string, { n: number; s: string }>();
  for (let i = 0; i < KEYS; i++)
    m.set(`z9hG4bK-${i.toString(36)}|127.0.0.1:5060|INVITE`, { n: i, s: `v${i}` });
  let found = 0;
  for (let i = 0; i < KEYS; i += 2)
    if (m.get(`z9hG4bK-${i.toString(36)}|127.0.0.1:5060|INVITE`) !== undefined) found++;
  const text = JSON.stringify([...m.values()].slice(0, 10_000));
  found += (JSON.parse(text) as unknown[]).length;
  if (found === 0) throw new Error('speed probe: nothing found'); // keeps the work from being optimised away
  return performance.now() - t0;
}

/** Median ms of a few rounds of the fixed work (lower is faster). */
export function speedProbeMs(): number {
  round(); // warm-up
  return Math.round(median(Array.from({ length: ROUNDS }, round)) * 10) / 10;
}
