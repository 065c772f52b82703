// What the whole stack answers to each RFC 4475 message arriving in a UDP datagram (transport →
// transaction → proxy core, on virtual time, sockets replaced by recorders). Complements
// message/torture.test.ts, which checks the parse outcome: here the RFC's expected handling —
// 400/505 for malformed requests, silence for unreadable ones and for responses not addressed
// to us, 416/420/483 from the proxy's §16.3 checks, 400 for missing headers — and the
// well-formed requests reaching the runtime.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { parseMessage } from '../message/parse-message';
import type { Peer } from '../sip-stack-types';
import { TransactionLayer } from '../transaction/transaction-layer';
import type { TcpTransport } from '../transport/tcp-transport';
import { TransportLayer } from '../transport/transport-layer';
import type { SendDone, UdpTransport } from '../transport/udp-transport';
import { ProxyCore } from './proxy-core';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'message', 'testdata', 'rfc4475');
const SOURCE: Peer = { transport: 'udp', address: '192.0.2.99', port: 5060 };

type Answer = 'runtime' | 'forwarded' | 'none' | number;

async function answer(name: string): Promise<{ answer: Answer; sent: string[] }> {
  const clock = new ManualClock();
  const sent: Buffer[] = [];
  const fakeSocket = {
    port: 5060,
    send: (bytes: Uint8Array) => {
      sent.push(Buffer.from(bytes));
      return Promise.resolve();
    },
    post: (bytes: Uint8Array, _address: string, _port: number, onSend?: () => void, done?: SendDone) => {
      onSend?.();
      sent.push(Buffer.from(bytes));
      if (done !== undefined) queueMicrotask(() => done(null));
    },
  };
  const layer = new TransportLayer(
    fakeSocket as unknown as UdpTransport,
    fakeSocket as unknown as TcpTransport,
    {
      advertisedHost: '192.0.2.1',
      clock,
    },
  );
  const transactions = new TransactionLayer(layer, clock);
  let reached = false;
  const proxy = new ProxyCore({
    transactions,
    clock,
    host: '192.0.2.1',
    port: 5060,
    via: (t, branch) => layer.via(t, branch),
    // Never resolve names in tests: every next hop is one documentation address.
    resolve: () => Promise.resolve({ transport: 'udp', address: '192.0.2.50', port: 5060 }),
    handleRequest: () => {
      reached = true;
    },
  });
  layer.setUser(transactions);
  transactions.setUser(proxy);
  layer.receive(readFileSync(join(DIR, `${name}.dat`)), SOURCE);
  for (let i = 0; i < 5; i++) await Promise.resolve();
  transactions.close();
  // Status lines are read as text: a 400 echoes the broken headers it answers, so it may not parse.
  const lines = sent.map((b) => b.toString('latin1').split('\r\n')[0] ?? '');
  const finals = lines.flatMap((l) => {
    const m = /^SIP\/2\.0 (\d{3}) /.exec(l);
    return m && Number(m[1]) >= 200 ? [Number(m[1])] : [];
  });
  const forwarded = sent.some((b) => parseMessage(b).kind === 'request');
  return { answer: reached ? 'runtime' : forwarded ? 'forwarded' : (finals[0] ?? 'none'), sent: lines };
}

const CASES: ReadonlyArray<readonly [name: string, expected: Answer, why: string]> = [
  [
    'wsinv',
    'forwarded',
    '§3.1.1.1 well-formed; its To tag makes it in-dialog: routed, not given to the runtime',
  ],
  ['intmeth', 'runtime', '§3.1.1.2 well-formed; a proxy forwards unknown methods'],
  ['esc01', 'runtime', '§3.1.1.3 well-formed'],
  ['escnull', 'runtime', '§3.1.1.4 well-formed'],
  ['esc02', 'runtime', '§3.1.1.5 unknown method RE%47IST%45R'],
  ['lwsdisp', 'runtime', '§3.1.1.6 well-formed'],
  ['longreq', 'runtime', '§3.1.1.7 well-formed'],
  ['dblreq', 'runtime', '§3.1.1.8 trailing octets ignored'],
  ['semiuri', 'runtime', '§3.1.1.9 well-formed'],
  ['transports', 'runtime', '§3.1.1.10 well-formed'],
  ['mpart01', 'runtime', '§3.1.1.11 well-formed'],
  ['unreason', 'none', '§3.1.1.12 a response not addressed to us is dropped (§18.1.2)'],
  ['noreason', 'none', '§3.1.1.13 a response not addressed to us is dropped (§18.1.2)'],
  ['badinv01', 'none', '§3.1.2.1 the Via cannot be read: no answer is possible'],
  ['clerr', 400, '§3.1.2.2'],
  ['ncl', 400, '§3.1.2.3'],
  ['scalar02', 400, '§3.1.2.4'],
  ['scalarlg', 'none', '§3.1.2.5 a malformed response is discarded'],
  ['quotbal', 400, '§3.1.2.6'],
  ['ltgtruri', 400, '§3.1.2.7'],
  ['lwsruri', 400, '§3.1.2.8'],
  ['lwsstart', 400, '§3.1.2.9'],
  ['trws', 400, '§3.1.2.10'],
  ['escruri', 400, '§3.1.2.11'],
  ['baddate', 400, '§3.1.2.12'],
  ['regbadct', 400, '§3.1.2.13'],
  ['badaspec', 400, '§3.1.2.14'],
  ['baddn', 400, '§3.1.2.15'],
  ['badvers', 505, '§3.1.2.16'],
  ['mismatch01', 400, '§3.1.2.17'],
  ['mismatch02', 400, '§3.1.2.18 (501 also acceptable)'],
  ['bigcode', 'none', '§3.1.2.19 a malformed response is dropped'],
  ['badbranch', 'runtime', '§3.2.1 RFC 2543 matching fallback (the RFC allows it instead of 400)'],
  ['insuf', 400, '§3.3.1 missing Call-ID, From, To'],
  ['unkscm', 416, '§3.3.2'],
  ['novelsc', 416, '§3.3.3 (the scheme is not supported here)'],
  ['unksm2', 'runtime', '§3.3.4 a proxy routes on the Request-URI'],
  ['bext01', 420, '§3.3.5 Proxy-Require'],
  ['invut', 'runtime', '§3.3.6 a proxy forwards unknown content types'],
  ['regaut01', 'runtime', '§3.3.7 a proxy forwards unknown authorization schemes'],
  ['multi01', 400, '§3.3.8'],
  ['mcl01', 400, '§3.3.9'],
  ['bcast', 'none', '§3.3.10 a response not addressed to us is dropped'],
  ['zeromf', 483, '§3.3.11'],
  ['cparam01', 'runtime', '§3.3.12'],
  ['cparam02', 'runtime', '§3.3.13'],
  ['regescrt', 'runtime', '§3.3.14'],
  ['sdp01', 'runtime', '§3.3.15 (406 is the UAS’s answer, not the proxy’s)'],
  ['inv2543', 'runtime', '§3.4.1 RFC 2543 syntax accepted'],
];

describe('stack answers to RFC 4475 messages', () => {
  it('covers all 49 messages', () => {
    expect(new Set(CASES.map((c) => c[0])).size).toBe(49);
  });

  it.each(CASES)('%s → %s (%s)', async (name, expected) => {
    const { answer: got, sent } = await answer(name);
    expect(got, sent.join(' | ')).toBe(expected);
  });

  it('answers bext01 with 420 alone (no 100 Trying for non-INVITE)', async () => {
    const { sent } = await answer('bext01');
    expect(sent).toEqual(['SIP/2.0 420 Bad Extension']);
  });
});
