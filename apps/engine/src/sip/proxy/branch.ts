// One forwarded copy of a request (a "branch", RFC 3261 §16.6 steps 8-10) and its client
// transaction: resolves the next hop, adds our Via, strips it again from responses, and CANCELs
// on request (§16.10).

import { randomBytes } from 'node:crypto';
import { createCancel } from '../message/create-cancel';
import { MAGIC_COOKIE } from '../message/parse-via';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer, TransportName } from '../sip-stack-types';
import type { TransactionLayer } from '../transaction/transaction-layer';
import type { PreparedForward } from './prepare-forward';

export interface BranchEnv {
  readonly transactions: TransactionLayer;
  readonly via: (transport: TransportName, branch: string) => string;
  /** Next-hop URI → address (RFC 3263, reduced); injectable so tests never touch DNS. */
  readonly resolve: (uri: string) => Promise<Peer>;
}

export interface BranchEvents {
  /** 101-199 (100 is hop-by-hop and never forwarded: §16.7 step 5). */
  onProvisional(res: SipResponse): void;
  /** A final response; 2xx may come more than once (retransmissions, RFC 6026). */
  onFinal(res: SipResponse): void;
  onTimeout(): void;
  onTransportError(reason: string): void;
  /** Cancelled before anything was sent downstream. */
  onCancelled(): void;
}

type BranchState = 'resolving' | 'calling' | 'proceeding' | 'done';

export function newBranchId(): string {
  return `${MAGIC_COOKIE}pb${randomBytes(8).toString('hex')}`;
}

export class Branch {
  private state: BranchState = 'resolving';
  private request: SipRequest | undefined;
  private target: Peer | undefined;
  private cancelWanted = false;
  private cancelSent = false;
  /** The Via values of the request as received, i.e. what upstream expects back. */
  private readonly upstreamVias: readonly string[];

  constructor(
    private readonly env: BranchEnv,
    private readonly prepared: PreparedForward,
    private readonly events: BranchEvents,
  ) {
    this.upstreamVias = prepared.request.headers.values('via');
  }

  get done(): boolean {
    return this.state === 'done';
  }

  async start(): Promise<void> {
    let target: Peer;
    try {
      target = await this.env.resolve(this.prepared.nextHop);
    } catch (e) {
      this.state = 'done';
      this.events.onTransportError(e instanceof Error ? e.message : String(e));
      return;
    }
    if (this.cancelWanted && this.prepared.request.method === 'INVITE') {
      // Cancelled before anything was sent: nothing to CANCEL downstream.
      this.state = 'done';
      this.events.onCancelled();
      return;
    }
    const req = this.prepared.request;
    // §16.6 step 8: "The proxy MUST insert a Via header field value into the copy before the
    // existing Via header field values." with a branch unique to this request (§8.1.1.7).
    req.headers.prepend('Via', this.env.via(target.transport, newBranchId()));
    this.request = req;
    this.target = target;
    this.state = 'calling';
    this.env.transactions.sendRequest(req, target, {
      onResponse: (res) => this.onResponse(res),
      onTimeout: () => this.finish(() => this.events.onTimeout()),
      onTransportError: (err) => this.finish(() => this.events.onTransportError(err.message)),
    });
  }

  /** §16.10: cancel this branch if it has no final response yet. */
  cancel(): void {
    if (this.state === 'done') return;
    this.cancelWanted = true;
    if (this.state === 'proceeding') this.sendCancel();
  }

  private onResponse(res: SipResponse): void {
    // §16.7 step 3: "The proxy removes the topmost Via header field value from the response."
    res.headers.removeFirstValue('Via');
    if (res.headers.values('via').length === 0) {
      // §8.2.6.2 says the response's Vias MUST equal the request's; a UAS that dropped them still
      // answered our request, so restore them rather than leave the caller without an answer.
      for (const v of this.upstreamVias) res.headers.append('Via', v);
    }
    if (res.status < 200) {
      if (this.state === 'calling') this.state = 'proceeding';
      // §9.1: "If no provisional response has been received, the CANCEL request MUST NOT be
      // sent; rather, the client MUST wait for the arrival of a provisional response".
      if (this.cancelWanted) this.sendCancel();
      if (res.status > 100) this.events.onProvisional(res);
      return;
    }
    this.state = 'done';
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
    report();
  }
}
