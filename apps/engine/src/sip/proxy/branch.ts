// One forwarded copy of a request (a "branch", RFC 3261 §16.6 steps 8-10) and its client
// transaction: resolves the next hop, adds our Via, strips it again from responses, and CANCELs
// on request (§16.10).

import { prependVia } from '../message/accessors';
import { createCancel } from '../message/create-cancel';
import { parseUri, uriParam } from '../message/parse-uri';
import { MAGIC_COOKIE } from '../message/parse-via';
import { type OwnValues, ownValues, valuesOf } from '../message/own-string';
import { serializedLength } from '../message/serialize';
import { cloneMessage } from '../message/sip-message';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer, TransportName } from '../sip-stack-types';
import type { TransactionLayer } from '../transaction/transaction-layer';
import type { ClientTransaction, ClientTransactionUser } from '../transaction/transaction-types';
import type { PreparedForward } from './prepare-forward';
import { randomHex } from '../random-token';

/** RFC 3261 §18.1.1: the size above which a request goes over TCP when the path MTU is unknown. */
export const UDP_SIZE_LIMIT = 1300;

function pinsTransport(uri: string): boolean {
  const u = parseUri(uri);
  return u.kind === 'sip' && uriParam(u, 'transport') !== undefined;
}

export interface BranchEnv {
  readonly transactions: TransactionLayer;
  readonly via: (transport: TransportName, branch: string) => string;
  /** Next-hop URI → address (RFC 3263, reduced); injectable so tests never touch DNS. */
  readonly resolve: (uri: string) => Promise<Peer>;
}

export interface BranchEvents {
  /** 100-199 (100 is hop-by-hop: the listener must not forward it, §16.7 step 5). */
  onProvisional(res: SipResponse): void;
  /** A final response; 2xx may come more than once (retransmissions, RFC 6026). */
  onFinal(res: SipResponse): void;
  onTimeout(): void;
  onTransportError(reason: string): void;
  /** Cancelled before anything was sent downstream. */
  onCancelled(): void;
}

type BranchState = 'resolving' | 'calling' | 'proceeding' | 'done';

/**
 * §16.6 step 8: "A proxy choosing to detect loops SHOULD create a branch parameter separable
 * into two parts by the implementation. The first part MUST satisfy the constraints of Section
 * 8.1.1.7 as described above. The second is used to perform loop detection". Ours:
 * z9hG4bKpb<random>.<loop hash> (see loop-detection.ts).
 */
export function newBranchId(loopHash?: string): string {
  const unique = `${MAGIC_COOKIE}pb${randomHex(8)}`;
  return loopHash === undefined ? unique : `${unique}.${loopHash}`;
}

export interface BranchOptions {
  /** Loop-detection part of our branch parameter. */
  readonly loopHash?: string | undefined;
  /**
   * Record-Route values to insert once the outgoing transport is known, top first (§16.6 step
   * 4; two values when the transport changes, RFC 5658 §3.2 "double record-routing").
   */
  readonly recordRoute?: ((out: TransportName) => readonly string[]) | undefined;
}

const NO_OPTIONS: BranchOptions = {};

/** Where a finished branch sends a late 2xx; `current` is read each time (proxy-context.ts). */
export interface LateSink {
  readonly current: { upstream(res: SipResponse): void };
}

/**
 * §16.7 step 3: "The proxy removes the topmost Via header field value from the response." §8.2.6.2
 * says the response's Vias MUST equal the request's; a UAS that dropped them still answered our
 * request, so they are restored rather than leave the caller without an answer.
 */
function stripOurVia(res: SipResponse, upstreamVias: OwnValues): void {
  res.headers.removeFirstValue('Via');
  if (!res.headers.has('via')) for (const v of valuesOf(upstreamVias)) res.headers.append('Via', v);
}

/**
 * The user of a finished branch's INVITE transaction, which lives 32 s more (RFC 6026 Accepted)
 * and may still pass a 2xx: a retransmission, or another callee's answer, forwarded at once
 * (§16.7 step 5). It keeps only the upstream Vias and the sink, so that the branch and its
 * attempt can be collected.
 */
class LateTwoHundreds implements ClientTransactionUser {
  constructor(
    private readonly upstreamVias: OwnValues,
    private readonly sink: LateSink,
  ) {}

  onResponse(res: SipResponse): void {
    if (res.status < 200 || res.status >= 300) return;
    stripOurVia(res, this.upstreamVias);
    this.sink.current.upstream(res);
  }

  onTimeout(): void {}

  onTransportError(): void {}
}

/** The user of a finished non-INVITE transaction: its Completed state absorbs what comes. */
const NOTHING_MORE: ClientTransactionUser = {
  onResponse: () => undefined,
  onTimeout: () => undefined,
  onTransportError: () => undefined,
};

export class Branch implements ClientTransactionUser {
  private state: BranchState = 'resolving';
  private request: SipRequest | undefined;
  private target: Peer | undefined;
  private cancelWanted = false;
  private cancelSent = false;
  /** Where to retry over UDP if TCP, chosen only for size (§18.1.1), cannot connect. */
  private udpFallback: Peer | undefined;
  /** The Via values of the request as received, i.e. what upstream expects back. */
  private readonly upstreamVias: OwnValues;
  /** The request to send; let go once the branch is done (see onResponse). */
  private prepared: PreparedForward | undefined;
  private tx: ClientTransaction | undefined;
  private readonly invite: boolean;

  constructor(
    private readonly env: BranchEnv,
    prepared: PreparedForward,
    private readonly events: BranchEvents,
    private options: BranchOptions = {},
  ) {
    this.prepared = prepared;
    this.invite = prepared.request.method === 'INVITE';
    // Kept for the branch's life (its client transaction's 32 s): strings of their own.
    this.upstreamVias = ownValues(prepared.request.headers.values('via'));
  }

  get done(): boolean {
    return this.state === 'done';
  }

  async start(): Promise<void> {
    const prepared = this.prepared;
    if (prepared === undefined) return;
    let target: Peer;
    try {
      target = await this.env.resolve(prepared.nextHop);
    } catch (e) {
      this.state = 'done';
      this.events.onTransportError(e instanceof Error ? e.message : String(e));
      return;
    }
    if (this.cancelWanted && prepared.request.method === 'INVITE') {
      // Cancelled before anything was sent: nothing to CANCEL downstream.
      this.state = 'done';
      this.events.onCancelled();
      return;
    }
    let req = this.build(prepared, target.transport);
    // RFC 3261 §18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger
    // than 1300 bytes and the path MTU is unknown, the request MUST be sent using an RFC 2914
    // congestion controlled transport protocol, such as TCP." Only when the URI does not pin the
    // transport (a transport=udp parameter is a "MUST use UDP" from its author).
    if (target.transport === 'udp' && !pinsTransport(prepared.nextHop)) {
      if (serializedLength(req) > UDP_SIZE_LIMIT) {
        this.udpFallback = target;
        target = { ...target, transport: 'tcp' };
        req = this.build(prepared, 'tcp');
      }
    }
    this.send(req, target);
  }

  /** The copy to send over `transport`: our Record-Route value(s) and Via added. */
  private build(prepared: PreparedForward, transport: TransportName): SipRequest {
    const req = cloneMessage(prepared.request);
    // §16.6 step 4: "it MUST insert a Record-Route header field value into the copy before any
    // existing Record-Route header field values" (so the last prepended goes on top).
    const rr = this.options.recordRoute?.(transport) ?? [];
    for (const value of [...rr].reverse()) req.headers.prepend('Record-Route', value);
    // §16.6 step 8: "The proxy MUST insert a Via header field value into the copy before the
    // existing Via header field values." with a branch unique to this request (§8.1.1.7).
    prependVia(req, this.env.via(transport, newBranchId(this.options.loopHash)));
    return req;
  }

  private send(req: SipRequest, target: Peer): void {
    this.request = req;
    this.target = target;
    this.state = 'calling';
    // The branch is its transaction's user itself (methods, not closures): both live 32 s after
    // a 2xx.
    this.tx = this.env.transactions.sendRequest(req, target, this);
  }

  /**
   * The branch's outcome is settled: its transaction's user becomes a slim forwarder of late 2xx
   * responses to `sink` (INVITE), or one that takes nothing (other methods), and the branch is
   * let go of.
   */
  retire(sink: LateSink): void {
    const tx = this.tx;
    if (tx === undefined || this.state !== 'done') return;
    this.tx = undefined;
    tx.handOver(this.invite ? new LateTwoHundreds(this.upstreamVias, sink) : NOTHING_MORE);
  }

  onTimeout(): void {
    this.finish(() => this.events.onTimeout());
  }

  onTransportError(err: Error): void {
    const udp = this.udpFallback;
    this.udpFallback = undefined;
    // §18.1.1: "if the attempt to establish the connection generates either an ICMP Protocol Not
    // Supported, or results in a TCP reset, the element SHOULD retry the request, using UDP."
    const prepared = this.prepared;
    if (udp !== undefined && prepared !== undefined && this.state === 'calling' && !this.cancelWanted)
      this.send(this.build(prepared, 'udp'), udp);
    else this.finish(() => this.events.onTransportError(err.message));
  }

  /** §16.10: cancel this branch if it has no final response yet. */
  cancel(): void {
    if (this.state === 'done') return;
    this.cancelWanted = true;
    if (this.state === 'proceeding') this.sendCancel();
  }

  onResponse(res: SipResponse): void {
    stripOurVia(res, this.upstreamVias);
    if (res.status < 200) {
      if (this.state === 'calling') this.state = 'proceeding';
      // §9.1: "If no provisional response has been received, the CANCEL request MUST NOT be
      // sent; rather, the client MUST wait for the arrival of a provisional response".
      if (this.cancelWanted) this.sendCancel();
      this.events.onProvisional(res);
      return;
    }
    this.state = 'done';
    // Nothing is sent on this branch after a final response (no CANCEL, no retry), and its client
    // transaction may live 32 s more: do not keep the requests that long.
    this.letGo();
    this.events.onFinal(res);
  }

  private sendCancel(): void {
    if (this.cancelSent || this.request === undefined || this.target === undefined) return;
    if (this.request.method !== 'INVITE') return;
    this.cancelSent = true;
    const noop = (): void => undefined;
    this.env.transactions.sendRequest(createCancel(this.request), this.target, {
      onResponse: noop,
      onTimeout: noop,
      onTransportError: noop,
    });
  }

  private finish(report: () => void): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.letGo();
    report();
  }

  /** What serves sending only (requests, target, the Record-Route closure and loop hash). */
  private letGo(): void {
    this.prepared = undefined;
    this.request = undefined;
    this.target = undefined;
    this.udpFallback = undefined;
    this.options = NO_OPTIONS;
  }
}
