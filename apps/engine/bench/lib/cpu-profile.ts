// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per area of the code
// (sip/message, transport, …, SQLite, GC), as shares of the busy (non-idle) time.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

export interface ProfileEntry {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  /** Share of the busy (non-idle) time. */
  readonly share: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly functions: ProfileEntry[];
  readonly areas: ProfileEntry[];
}

export function summariseProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    // timeDeltas[i + 1] is the time until the next sample: the time spent in this one.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  });
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const where = shortUrl(frame.url, frame.lineNumber);
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${where}`;
    const f = functions.get(key) ?? { name, where, us: 0 };
    f.us += us;
    functions.set(key, f);
    const area = areaOf(frame.url, name);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const entry = (name: string, where: string, us: number): ProfileEntry => ({
    name,
    where,
    selfMs: us / 1000,
    share: busyUs === 0 ? 0 : us / busyUs,
  });
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => entry(f.name, f.where, f.us)),
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, us]) => entry(area, '', us)),
  };
}

function shortUrl(url: string, line: number): string {
  if (url === '') return '(native)';
  const m = /\/(apps|shared|node_modules)\/(.*)$/.exec(url);
  const path = m === null ? url.replace(/^file:\/\//, '') : `${m[1]}/${m[2]}`;
  return `${path}:${line + 1}`;
}

const AREAS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\/src\/sip\/message\//, 'sip/message (parse, serialize, headers)'],
  [/\/src\/sip\/transport\//, 'sip/transport'],
  [/\/src\/sip\/transaction\//, 'sip/transaction'],
  [/\/src\/sip\/proxy\//, 'sip/proxy'],
  [/\/src\/sip\//, 'sip (other)'],
  [/\/src\/store\//, 'store (trace writer JS)'],
  [/\/src\/runtime\//, 'runtime'],
  [/\/src\/api\/|\/src\/patchbay\.ts/, 'api + trace sink'],
  [/better-sqlite3/, 'better-sqlite3 (JS side)'],
  [/sdp-transform/, 'sdp-transform'],
  [/node_modules/, 'other dependencies'],
  [/^node:/, 'Node.js internals (JS)'],
];

function areaOf(url: string, name: string): string {
  for (const [re, area] of AREAS) if (re.test(url)) return area;
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return '(program): V8/native outside JS';
  return url === '' ? `native: ${name}` : 'other JS';
}
