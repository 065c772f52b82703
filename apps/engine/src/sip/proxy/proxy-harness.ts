// Test double around the real ProxyCore and TransactionLayer (pjsip's loop transport, sipgo's
// fakes): virtual time, an in-memory transport that records what is sent, names resolved from
// a table. Used by the proxy unit tests; SIP on the wire is tested with SIPp.

import { ManualClock } from '../clock';
import { createResponse } from '../message/create-response';
import { parseMessage } from '../message/parse-message';
import { parseUri } from '../message/parse-uri';
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message';
import type { Peer, ProxiedRequest, RequestHandler } from '../sip-stack-types';
import { MemoryTransport } from '../transaction/memory-transport';
import { TransactionLayer } from '../transaction/transaction-layer';
import { ProxyCore } from './proxy-core';

export const PROXY_HOST = '192.0.2.1';
export const CALLER: Peer = { transport: 'udp', address: '192.0.2.10', port: 5060 };

export interface Harness {
  readonly clock: ManualClock;
  readonly transport: MemoryTransport;
  readonly proxy: ProxyCore;
  /** Requests seen by the runtime. */
  readonly seen: ProxiedRequest[];
  /** Feed a request as if it came from `source`. */
  receive(req: SipRequest, source?: Peer): void;
  /** Requests sent to a host, in order. */
  sentTo(host: string, method?: string): SipRequest[];
  /** Responses sent upstream (to the caller). */
  upstream(): SipResponse[];
  /** Answer a request we sent downstream, from its target. */
  /** The downstream answer, with To tag `t<status>` unless given (a callee that forks gives others). */
  answer(req: SipRequest, status: number, reason?: string, body?: string, toTag?: string): void;
  /** Let promise callbacks run. */
  flush(): Promise<void>;
}

export function makeHarness(
  handle: RequestHandler,
  options: { transportOf?: (host: string) => 'udp' | 'tcp'; timerCMs?: number } = {},
): Harness {
  const clock = new ManualClock(1_000_000);
  const transport = new MemoryTransport(clock);
  const transactions = new TransactionLayer(
    Object.assign(transport, { responseTarget: (_req: SipRequest, source: Peer) => source }),
    clock,
  );
  const seen: ProxiedRequest[] = [];
  const proxy = new ProxyCore({
    transactions,
    clock,
    host: PROXY_HOST,
    port: 5060,
    via: (t, branch) => `SIP/2.0/${t.toUpperCase()} ${PROXY_HOST}:5060;branch=${branch}`,
    resolve: (uri) => {
      const u = parseUri(uri);
      if (u.kind !== 'sip') return Promise.reject(new Error('not sip'));
      const transport = options.transportOf?.(u.host) ?? 'udp';
      return Promise.resolve({ transport, address: u.host, port: u.port ?? 5060 });
    },
    timerCMs: options.timerCMs,
    handleRequest: (req) => {
      seen.push(req);
      handle(req);
    },
  });
  transactions.setUser(proxy);
  const isReq = (m: SipMessage): m is SipRequest => m.kind === 'request';
  return {
    clock,
    transport,
    proxy,
    seen,
    receive: (req, source = CALLER) => transactions.onRequest(req, source),
    sentTo: (host, method) =>
      transport.sent
        .filter((s) => s.target.address === host)
        .map((s) => s.msg)
        .filter(isReq)
        .filter((m) => method === undefined || m.method === method),
    upstream: () =>
      transport.sent
        .filter((s) => s.target.address === CALLER.address && s.msg.kind === 'response')
        .map((s) => s.msg as SipResponse),
    answer: (req, status, reason = 'Reason', body, toTag = `t${status}`) => {
      const res = createResponse(req, status, reason, { toTag });
      if (body !== undefined) {
        res.body = Buffer.from(body);
        res.headers.set('Content-Type', 'application/sdp');
        res.headers.set('Content-Length', String(res.body.byteLength));
      }
      const u = parseUri(req.uri);
      const host = u.kind === 'sip' ? u.host : '';
      transactions.onResponse(res, { transport: 'udp', address: host, port: 5060 });
    },
    flush: async () => {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    },
  };
}

/** A request built by the real parser. */
export function sipRequest(text: string): SipRequest {
  // Header lines are written with \n here; the body (after the blank line) is kept as given.
  const split = text.indexOf('\n\n');
  const head = (split < 0 ? text : text.slice(0, split + 2)).replace(/\n/g, '\r\n');
  const m = parseMessage(Buffer.from(head + (split < 0 ? '' : text.slice(split + 2))));
  if (m.kind !== 'request') throw new Error(`bad test request: ${JSON.stringify(m)}`);
  return m;
}

export function invite(
  opts: { uri?: string; callId?: string; branch?: string; extra?: string; body?: string } = {},
): SipRequest {
  const body = opts.body ?? '';
  return sipRequest(
    `INVITE ${opts.uri ?? 'sip:bob@example.net'} SIP/2.0\n` +
      `Via: SIP/2.0/UDP ${CALLER.address}:5060;branch=${opts.branch ?? 'z9hG4bKcaller1'}\n` +
      'Max-Forwards: 70\n' +
      'From: "Alice" <sip:alice@example.org;user=phone>;tag=a1\n' +
      'To: <sip:bob@example.net>\n' +
      `Call-ID: ${opts.callId ?? 'fork-1'}\n` +
      'CSeq: 1 INVITE\n' +
      'Contact: <sip:alice@192.0.2.10:5060;transport=udp>;expires=60\n' +
      (opts.extra ?? '') +
      (body === '' ? '' : 'Content-Type: application/sdp\n') +
      `Content-Length: ${Buffer.byteLength(body)}\n\n${body}`,
  );
}
