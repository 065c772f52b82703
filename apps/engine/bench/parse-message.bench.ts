// Micro-benchmark of the SIP message layer: parse and serialize a typical INVITE with SDP and its
// 200 OK (as SIPp sends them through the proxy), median ns/op over repeated timed rounds.
// Run: npm run bench -- --only parse   (or: npx tsx bench/parse-message.bench.ts)
import { pathToFileURL } from 'node:url';
import {
  getCallId,
  getCSeq,
  getFromTag,
  getMaxForwards,
  getRoutes,
  getToTag,
  getTopVia,
} from '../src/sip/message/accessors';
import { frameMessage, parseMessage } from '../src/sip/message/parse-message';
import { serializeMessage } from '../src/sip/message/serialize';
import type { SipMessage } from '../src/sip/message/sip-message';
import { environment, fmt, table, writeResults } from './lib/results';
import { median, percentile } from './lib/stats';

const sip = (lines: readonly string[]): Buffer => Buffer.from(lines.join('\r\n'), 'latin1');

const SDP = [
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
];
const sdpLength = Buffer.byteLength(SDP.join('\r\n'));

export const INVITE = sip([
  'INVITE sip:callee@127.0.0.1:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4711-1-0',
  'From: "sipp" <sip:sipp@127.0.0.1:5061>;tag=4711SIPpTag001',
  'To: <sip:callee@127.0.0.1:5060>',
  'Call-ID: 1-4711@127.0.0.1',
  'CSeq: 1 INVITE',
  'Contact: <sip:sipp@127.0.0.1:5061;transport=UDP>',
  'Max-Forwards: 70',
  'Subject: Patchbay benchmark',
  'Content-Type: application/sdp',
  `Content-Length: ${sdpLength}`,
  '',
  ...SDP,
]);

export const OK_200 = sip([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKpb0123456789abcdef;rport=5060;received=127.0.0.1',
  'Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4711-1-0;rport=5061;received=127.0.0.1',
  'From: "sipp" <sip:sipp@127.0.0.1:5061>;tag=4711SIPpTag001',
  'To: <sip:callee@127.0.0.1:5060>;tag=4712SIPpTag011',
  'Call-ID: 1-4711@127.0.0.1',
  'CSeq: 1 INVITE',
  'Record-Route: <sip:127.0.0.1:5060;lr>',
  'Contact: <sip:127.0.0.1:5070;transport=UDP>',
  'Content-Type: application/sdp',
  `Content-Length: ${sdpLength}`,
  '',
  ...SDP,
]);

interface Case {
  readonly name: string;
  readonly run: () => number;
}

function parsed(bytes: Buffer): SipMessage {
  const m = parseMessage(bytes);
  if (m.kind === 'error') throw new Error(`benchmark message does not parse: ${m.code} ${m.reason}`);
  return m;
}

const CASES: readonly Case[] = [
  // The first stage alone: start line, header fields (names, values, byte ranges), body framed by
  // Content-Length; no header value parsed yet.
  { name: 'frame INVITE+SDP to header fields', run: () => frameMessage(INVITE).kind.length },
  { name: 'frame 200 OK+SDP to header fields', run: () => frameMessage(OK_200).kind.length },
  // Both stages: also Via, From, To, Call-ID, CSeq, Max-Forwards, Contact, Route checked and parsed.
  { name: 'parse INVITE+SDP', run: () => parseMessage(INVITE).kind.length },
  { name: 'parse 200 OK+SDP', run: () => parseMessage(OK_200).kind.length },
  {
    name: 'parse INVITE + read proxy headers',
    run: () => {
      const m = parseMessage(INVITE);
      if (m.kind === 'error') return 0;
      // What the proxy core reads of every request: Via, CSeq, Call-ID, tags, Max-Forwards, Route.
      return (
        (getTopVia(m)?.branch?.length ?? 0) +
        (getCSeq(m)?.seq ?? 0) +
        (getCallId(m)?.length ?? 0) +
        (getFromTag(m)?.length ?? 0) +
        (getToTag(m)?.length ?? 0) +
        (getMaxForwards(m) ?? 0) +
        getRoutes(m).length
      );
    },
  },
  {
    name: 'serialize INVITE (untouched)',
    run: (() => {
      const m = parsed(INVITE);
      return () => serializeMessage(m).length;
    })(),
  },
  { name: 'parse + serialize INVITE', run: () => serializeMessage(parsed(INVITE)).length },
  { name: 'parse + serialize 200 OK', run: () => serializeMessage(parsed(OK_200)).length },
];

export interface ParseBenchResult {
  readonly startedAt: string;
  readonly rounds: number;
  readonly cases: ReadonlyArray<{
    name: string;
    medianNs: number;
    minNs: number;
    p90Ns: number;
    opsPerSec: number;
  }>;
}

export function runParseBench(rounds: number, roundMs = 100): ParseBenchResult {
  let sink = 0;
  const time = (c: Case, iterations: number): number => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += c.run();
    return Number(process.hrtime.bigint() - t);
  };
  // Calibrate each case to about roundMs per round, after a warm-up that lets V8 optimise it.
  const iterations = CASES.map((c) => {
    let n = 1000;
    while (time(c, n) < (roundMs / 4) * 1e6) n *= 4;
    time(c, n);
    return Math.max(1, Math.round((n * roundMs * 1e6) / time(c, n)));
  });
  // Rounds go through every case in turn, so that noise from other processes hits all of them alike.
  const perOp: number[][] = CASES.map(() => []);
  for (let r = 0; r < rounds; r++) {
    CASES.forEach((c, i) => {
      const n = iterations[i] ?? 1;
      perOp[i]?.push(time(c, n) / n);
    });
  }
  const results = CASES.map((c, i) => {
    const ns = perOp[i] ?? [];
    const medianNs = median(ns);
    const line = {
      name: c.name,
      medianNs,
      minNs: Math.min(...ns),
      p90Ns: percentile(ns, 90),
      opsPerSec: 1e9 / medianNs,
    };
    console.log(
      `[parse] ${c.name}: ${fmt(medianNs, 0)} ns/op median (${fmt(line.opsPerSec / 1000, 0)} k ops/s)`,
    );
    return line;
  });
  if (sink === -1) console.log('(unreachable: keeps results alive)');
  return { startedAt: new Date().toISOString(), rounds, cases: results };
}

export function parseMarkdown(r: ParseBenchResult): string {
  const e = environment();
  return [
    `# SIP message micro-benchmark, ${r.startedAt}`,
    '',
    `Node ${e.node} on ${e.cpus} × ${e.cpuModel}; code ${e.gitHead}${e.gitDirtyFiles > 0 ? ` + ${e.gitDirtyFiles} changed files` : ''}. ` +
      `Median over ${r.rounds} rounds of ~100 ms; INVITE ${INVITE.length} bytes, 200 OK ${OK_200.length} bytes. ` +
      (process.env['PATCHBAY_BENCH_BUNDLED'] === '1'
        ? 'Run from an esbuild bundle, as `npm start` runs the engine.'
        : 'Run from the TypeScript sources through tsx.'),
    '',
    table(
      ['case', 'median ns/op', 'min ns/op', 'p90 ns/op', 'ops/s (median)'],
      r.cases.map((c) => [c.name, fmt(c.medianNs, 0), fmt(c.minNs, 0), fmt(c.p90Ns, 0), fmt(c.opsPerSec, 0)]),
    ),
    '',
  ].join('\n');
}

export function runAndWriteParseBench(rounds: number): ParseBenchResult {
  console.log(`\n== SIP message parse/serialize micro-benchmark (${rounds} rounds) ==`);
  const result = runParseBench(rounds);
  const md = parseMarkdown(result);
  const files = writeResults('parse-message', result, md);
  console.log(`\n${md}Written: ${files.slice(0, 2).join(', ')}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runAndWriteParseBench(Number(process.argv[2] ?? 15));
}
