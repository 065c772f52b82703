// Matches incoming messages to transactions, creates server transactions for new requests and
// client transactions for the TU's requests, and hands the TU what no transaction absorbs.

import type { Clock } from '../clock';
import { getToTag } from '../message/accessors';
import { createResponse } from '../message/create-response';
import { ownString } from '../message/own-string';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer } from '../sip-stack-types';
import type { OverloadState } from '../transport/overload-guard';
import { ClientInviteTransaction } from './client-invite';
import { ClientNonInviteTransaction } from './client-non-invite';
import { ServerInviteTransaction } from './server-invite';
import { ServerNonInviteTransaction } from './server-non-invite';
import { ShardedMap } from './sharded-map';
import { KnownPeers } from './known-peers';
import { clientKey, serverKey } from './transaction-key';
import type {
  ClientTransaction,
  ClientTransactionUser,
  ServerTransaction,
  TransactionContext,
  TransactionTransport,
} from './transaction-types';

export interface TransactionUser {
  /** A new request (not ACK) with its server transaction. */
  onRequest(tx: ServerTransaction, req: SipRequest, source: Peer): void;
  /** An ACK that matches no server transaction: the ACK for a 2xx, forwarded end to end. */
  onAck(req: SipRequest, source: Peer): void;
  /** A response that matches no client transaction (RFC 3261 §16.7: forward statelessly). */
  onStrayResponse(res: SipResponse, source: Peer): void;
}

export interface TransactionLayerTransport extends TransactionTransport {
  responseTarget(req: SipRequest, source: Peer): Peer;
}

/** Stateless answers are sent once; how the send went changes nothing. */
const ignoreSendResult = (): void => undefined;

/** The headers a request must have beyond Via and CSeq (which its key is made of), see onRequest. */
const REQUIRED_HEADERS = ['To', 'From', 'Call-ID'] as const;

type AnyServer = ServerInviteTransaction | ServerNonInviteTransaction;
type AnyClient = ClientInviteTransaction | ClientNonInviteTransaction;

export class TransactionLayer {
  private user: TransactionUser | undefined;
  // Tens of thousands each under load, waiting out their timers: shards (sharded-map.ts), so that
  // adding one never rehashes them all.
  private readonly servers = new ShardedMap<AnyServer>();
  private readonly clients = new ShardedMap<AnyClient>();
  private readonly serverCtx: TransactionContext;
  private readonly clientCtx: TransactionContext;
  private closed = false;
  private readonly peers = new KnownPeers();

  constructor(
    private readonly transport: TransactionLayerTransport,
    clock: Clock,
    /** Load shedding (overload-guard.ts): the new requests it picks get a 503. */
    private readonly overload?: OverloadState,
  ) {
    this.serverCtx = {
      clock,
      transport,
      onTerminated: (key) => this.servers.delete(key),
    };
    this.clientCtx = { clock, transport, onTerminated: (key) => this.clients.delete(key) };
  }

  setUser(user: TransactionUser): void {
    this.user = user;
  }

  get size(): { servers: number; clients: number } {
    return { servers: this.servers.size, clients: this.clients.size };
  }

  onRequest(req: SipRequest, source: Peer): void {
    if (this.closed) return;
    const key = serverKey(req);
    if (key === undefined) return; // no Via or CSeq: nothing can be answered
    const existing = this.servers.get(key);
    if (existing !== undefined) {
      existing.handle({ kind: 'request', req });
      return;
    }
    if (req.method === 'ACK') {
      // The ACK for one of our overload 503s (its INVITE's branch; no transaction was kept): a
      // stateless UAS "MUST ignore ACK requests" (RFC 3261 §8.2.7).
      if (this.overload !== undefined && getToTag(req) === this.overload.tag) return;
      this.user?.onAck(req, source);
      return;
    }
    const replyTo = this.peers.intern(this.transport.responseTarget(req, source));
    // RFC 3261 §8.1.1: "A valid SIP request formulated by a UAC MUST, at a minimum, contain the
    // following header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via" (RFC 4475 insuf).
    let missing: string[] | undefined;
    for (const h of REQUIRED_HEADERS) if (!req.headers.has(h)) (missing ??= []).push(h);
    if (missing !== undefined) {
      const res = createResponse(req, 400, `Missing ${missing.join(', ')}`, { toTag: 'pb-stateless' });
      this.transport.post(res, replyTo, ignoreSendResult);
      return;
    }
    if (this.overload !== undefined && this.shed(req, replyTo)) return;
    // The key lives as long as the transaction (32 s after a final response): a string of its
    // own, not a concatenation of slices that would keep the whole request text alive.
    const ownKey = ownString(key);
    const tx =
      req.method === 'INVITE'
        ? new ServerInviteTransaction(ownKey, req, replyTo, this.serverCtx)
        : new ServerNonInviteTransaction(ownKey, req, replyTo, this.serverCtx);
    this.servers.set(ownKey, tx);
    this.user?.onRequest(tx, req, source);
  }

  /**
   * While overloaded, a share of the requests that would start something new (no transaction
   * here, no To tag; not CANCEL, which belongs to an INVITE) is answered 503 with Retry-After
   * (RFC 3261 §21.5.4), statelessly, before a transaction or the flow is spent on it. Asked only
   * here, after the transactions: a retransmitted INVITE of a call already admitted is absorbed
   * by its transaction, never refused. True when the request was shed.
   */
  private shed(req: SipRequest, replyTo: Peer): boolean {
    const overload = this.overload as OverloadState;
    if (req.method === 'CANCEL' || getToTag(req) !== undefined || !overload.shouldShed()) return false;
    const res = createResponse(req, 503, 'Service Unavailable', {
      toTag: overload.tag,
      // Spread over a few seconds, so that the callers shed together do not all come back at once.
      extraHeaders: [['Retry-After', String(2 + Math.floor(Math.random() * 4))]],
    });
    this.transport.post(res, replyTo, ignoreSendResult);
    return true;
  }

  onResponse(res: SipResponse, source: Peer): void {
    if (this.closed) return;
    const key = clientKey(res);
    const tx = key === undefined ? undefined : this.clients.get(key);
    if (tx !== undefined) tx.handle({ kind: 'response', res });
    else this.user?.onStrayResponse(res, source);
  }

  /** The server transactions not yet terminated. */
  serverTransactions(): IterableIterator<ServerTransaction> {
    return this.servers.values();
  }

  /** RFC 3261 §9.2: the INVITE server transaction a CANCEL refers to. */
  findInviteFor(cancel: SipRequest): ServerTransaction | undefined {
    const key = serverKey(cancel, 'INVITE');
    const tx = key === undefined ? undefined : this.servers.get(key);
    return tx instanceof ServerInviteTransaction ? tx : undefined;
  }

  /** Start a client transaction; the request's top Via must carry our fresh branch. */
  sendRequest(req: SipRequest, to: Peer, user: ClientTransactionUser): ClientTransaction {
    const target = this.peers.intern(to);
    const sliced = clientKey(req);
    if (sliced === undefined) throw new Error('request needs a top Via with a branch and a CSeq');
    const key = ownString(sliced); // kept as long as the transaction, see onRequest
    if (this.closed) {
      // Nothing may start once closed (no timers, no sends): report it like a dead transport.
      queueMicrotask(() => user.onTransportError(new Error('SIP stack closed')));
      return {
        key,
        request: req,
        target,
        state: 'terminated',
        terminate: () => undefined,
        handOver: () => undefined,
      };
    }
    const tx =
      req.method === 'INVITE'
        ? new ClientInviteTransaction(key, req, target, user, this.clientCtx)
        : new ClientNonInviteTransaction(key, req, target, user, this.clientCtx);
    this.clients.set(key, tx);
    tx.start();
    return tx;
  }

  /** Send outside any transaction (ACK for 2xx, stateless forwarding of stray responses). */
  sendStateless(msg: SipRequest | SipResponse, target: Peer): Promise<void> {
    return this.transport.send(msg, target);
  }

  close(): void {
    this.closed = true;
    for (const tx of [...this.servers.values()]) tx.terminate();
    for (const tx of [...this.clients.values()]) tx.terminate();
    this.servers.clear();
    this.clients.clear();
  }
}
