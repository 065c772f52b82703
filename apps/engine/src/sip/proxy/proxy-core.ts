// RFC 3261 §16 stateful proxy core: the transaction user that validates requests, routes
// in-dialog requests by their Route set, hands new requests to the runtime, forwards ACK for
// 2xx and stray responses statelessly, and answers CANCEL.

import type { Clock } from '../clock';
import { getMaxForwards, getRoutes, getTopVia, getToTag, prependVia } from '../message/accessors';
import { createResponse } from '../message/create-response';
import { getParam } from '../message/parse-params';
import { parseUri } from '../message/parse-uri';
import { MAGIC_COOKIE } from '../message/parse-via';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { DialogEvent, DialogRecord, Peer, RequestHandler, TransportName } from '../sip-stack-types';
import type { TransactionLayer, TransactionUser } from '../transaction/transaction-layer';
import type { ServerTransaction } from '../transaction/transaction-types';
import { resolveTarget } from '../transport/resolve-target';
import { textHash64 } from './text-hash';
import { T1 } from '../transaction/timers';
import { DialogPaths } from './dialog-paths';
import { DialogTracker } from './dialog-tracker';
import { createByes, sendByes } from './end-dialog';
import { isLoop, loopHash } from './loop-detection';
import { prepareForward } from './prepare-forward';
import { ProxyContext } from './proxy-context';
import type { ProxyContextEnv } from './proxy-context';
import { validateRequest } from './request-validation';
import { preprocessRoute } from './route-preprocess';

export interface ProxyCoreOptions {
  readonly transactions: TransactionLayer;
  readonly clock: Clock;
  /** Host and port we advertise (Via, Record-Route). */
  readonly host: string;
  readonly port: number;
  /** Other names for this host that may appear in Route/Request-URI (e.g. the bind address). */
  readonly aliases?: readonly string[];
  readonly via: (transport: TransportName, branch: string) => string;
  readonly handleRequest: RequestHandler;
  readonly onDialog?: ((event: DialogEvent) => void) | undefined;
  /** Next-hop resolution; defaults to resolveTarget (OS resolver for names). */
  readonly resolve?: ((uri: string) => Promise<Peer>) | undefined;
  /** Timer C for INVITE branches (default TIMER_C, just over 3 minutes). */
  readonly timerCMs?: number | undefined;
  /** Safety timeout when the runtime neither answers nor relays (default 64*T1 = 32 s). */
  readonly idleTimeoutMs?: number | undefined;
}

/** When the runtime has done nothing for this long, the best response (or 500) goes upstream. */
export const DEFAULT_IDLE_TIMEOUT_MS = 64 * T1;

/** A UA inside the engine that owns some dialogs (uac/user-agent.ts); true when it took the request. */
export type LocalDialogUser = (tx: ServerTransaction, req: SipRequest) => boolean;
/**
 * ACKs for 2xx responses the engine's own UA sent: no transaction matches them (RFC 3261
 * §17.1.1.3), and the UA needs them to stop resending its 2xx (§13.3.1.4) and to read an answer
 * they carry (§13.2.1). Returns true for an ACK it took.
 */
export type LocalAckUser = (ack: SipRequest) => boolean;

/** Distinct URIs remembered by isLocal; a sender inventing new ones only restarts the memo. */
const LOCAL_MEMO_MAX = 1000;

export class ProxyCore implements TransactionUser {
  private readonly env: ProxyContextEnv;
  private localUser: LocalDialogUser | undefined;
  private localAckUser: LocalAckUser | undefined;
  private readonly localHosts: Set<string>;

  constructor(private readonly options: ProxyCoreOptions) {
    this.localHosts = new Set([options.host, ...(options.aliases ?? [])].map((h) => h.toLowerCase()));
    this.env = {
      transactions: options.transactions,
      via: options.via,
      resolve: options.resolve ?? resolveTarget,
      clock: options.clock,
      dialogs: new DialogTracker(options.clock, options.onDialog, undefined, new DialogPaths()),
      recordRoute: (inbound, out) => {
        const rr = (t: TransportName): string =>
          `<sip:${options.host}:${options.port}${t === 'udp' ? '' : `;transport=${t}`};lr>`;
        // RFC 3261 §16.6 step 4 / RFC 5658 §3.2: a proxy that receives on one transport and
        // sends on another inserts two values, the top one for the downstream side, so that
        // each side reaches it over its own transport.
        return inbound === out ? [rr(out)] : [rr(out), rr(inbound)];
      },
      timerCMs: options.timerCMs,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    };
  }

  /** Requests inside the engine's own UA dialogs go to this hook, not to routing. */
  setLocalUser(user: LocalDialogUser, ackUser?: LocalAckUser): void {
    this.localUser = user;
    this.localAckUser = ackUser;
  }

  private isOurSentBy = (host: string, port: number): boolean =>
    this.localHosts.has(host.toLowerCase()) && port === this.options.port;

  /** isLocal by URI text: the same few Request-URIs and Route values come by on every call. */
  private readonly localMemo = new Map<string, boolean>();

  isLocal = (uri: string): boolean => {
    const known = this.localMemo.get(uri);
    if (known !== undefined) return known;
    const u = parseUri(uri);
    const local =
      u.kind === 'sip' && this.localHosts.has(u.host.toLowerCase()) && (u.port ?? 5060) === this.options.port;
    if (this.localMemo.size >= LOCAL_MEMO_MAX) this.localMemo.clear();
    this.localMemo.set(uri, local);
    return local;
  };

  onRequest(tx: ServerTransaction, req: SipRequest, source: Peer): void {
    const receivedAt = this.options.clock.now();
    if (req.method === 'CANCEL') {
      this.onCancel(tx, req);
      return;
    }
    const rejection = validateRequest(req);
    if (rejection !== undefined) {
      tx.respond(
        createResponse(req, rejection.status, rejection.reason, {
          toTag: 'pbv',
          extraHeaders: rejection.headers,
        }),
      );
      return;
    }
    // §16.3 step 4 (loop-detection.ts): computed on the request as received.
    const hash = loopHash(req);
    if (isLoop(req, hash, this.isOurSentBy)) {
      tx.respond(createResponse(req, 482, 'Loop Detected', { toTag: 'pbl' }));
      return;
    }
    // RFC 3261 §12.2.2: a request with a To tag that matches a dialog of our own UA is processed
    // by that UA (the engine is the UAS of its 3PCC legs), not proxied.
    if (getToTag(req) !== undefined && this.localUser?.(tx, req) === true) return;
    const routing = preprocessRoute(req, this.isLocal);
    // §16.2: "Thus, a stateful proxy SHOULD NOT generate 100 (Trying) responses to non-INVITE
    // requests." and for INVITE it sends one at once so that the caller stops retransmitting.
    if (req.method === 'INVITE') tx.respond(createResponse(req, 100, 'Trying'));

    // Kept on its server transaction until it settles: a CANCEL finds it there, and the
    // transaction layer's table is the list of them (transaction-types.ts says why not a Map).
    const ctx = new ProxyContext(this.env, tx, req, source, receivedAt, hash, () => {
      tx.tuContext = undefined;
    });
    tx.tuContext = ctx;

    // A To tag marks a mid-dialog request (§12.2); so does a strict router's Request-URI naming
    // us. An initial request whose only Route was ours (a UA using us as its outbound proxy,
    // §8.1.2) is a new call: it goes to the runtime like any other.
    const inDialog = getToTag(req) !== undefined || routing === 'strict';
    if (inDialog) {
      this.env.dialogs.paths?.onRequest(req);
      // In-dialog requests follow their route set and never reach the runtime; every final
      // response goes straight back (there is only one branch).
      if (this.isLocal(req.uri) && getRoutes(req).length === 0) {
        ctx.respond(404, 'Not Found');
        return;
      }
      void ctx.forward().then(() => ctx.sendBestResponse());
      return;
    }
    try {
      this.options.handleRequest(ctx);
    } catch {
      ctx.respond(500, 'Server Internal Error');
    }
  }

  close(): void {
    for (const ctx of this.contexts()) ctx.dispose();
    this.env.dialogs.close();
  }

  /** Dialogs alive now (DialogRecord, sip-stack-types.ts). */
  dialogs(): DialogRecord[] {
    return this.env.dialogs.list();
  }

  /**
   * End a proxied call (DELETE /api/calls): BYE to both sides of each confirmed dialog of the
   * Call-ID, CANCEL downstream for an INVITE still ringing (§16.10: 487 goes upstream). False
   * when the proxy has no such call.
   */
  endCall(callId: string): boolean {
    const paths = this.env.dialogs.paths?.forCall(callId) ?? [];
    for (const path of paths) {
      void sendByes(this.env, createByes(path, this.isLocal)).then((codes) =>
        this.env.dialogs.terminate(path.callId, path.callerTag, path.calleeTag, codes[0] ?? 200),
      );
    }
    const ringing =
      paths.length > 0
        ? []
        : this.contexts().filter(
            (c) =>
              c.request.method === 'INVITE' &&
              c.request.callId === callId &&
              c.request.to.tag === undefined &&
              !c.finished &&
              !c.cancelled,
          );
    for (const ctx of ringing) ctx.cancel();
    return paths.length > 0 || ringing.length > 0;
  }

  get activeContexts(): number {
    return this.contexts().length;
  }

  /** ACK for a 2xx: its own transaction end to end, forwarded statelessly by Route (§16.11). */
  onAck(req: SipRequest, _source: Peer): void {
    if (getToTag(req) !== undefined && this.localAckUser?.(req) === true) return;
    this.env.dialogs.onAck(req);
    if (getMaxForwards(req) === 0) return;
    preprocessRoute(req, this.isLocal);
    if (this.isLocal(req.uri) && getRoutes(req).length === 0) return; // for us: absorb
    const prepared = prepareForward(req, {});
    const top = getTopVia(req);
    // §16.11: a stateless proxy's branch "MUST be ... the same each time a retransmission is
    // forwarded", so derive it from the incoming one.
    const seed = `${top?.branch ?? ''}|${req.uri}|${req.headers.get('call-id') ?? ''}`;
    const branch = `${MAGIC_COOKIE}pbs${textHash64(seed)}`;
    this.env
      .resolve(prepared.nextHop)
      .then((target) => {
        prependVia(prepared.request, this.options.via(target.transport, branch));
        return this.options.transactions.sendStateless(prepared.request, target);
      })
      .catch(() => undefined);
  }

  /** §16.7: a response with no client transaction (e.g. a late 2xx retransmission). */
  onStrayResponse(res: SipResponse, _source: Peer): void {
    res.headers.removeFirstValue('Via');
    const via = getTopVia(res);
    if (via === undefined) return;
    const rport = getParam(via.params, 'rport')?.value;
    const target: Peer = {
      transport: via.transport === 'TCP' ? 'tcp' : 'udp',
      address: getParam(via.params, 'received')?.value ?? via.host,
      port: rport !== undefined && /^\d+$/.test(rport) ? Number(rport) : (via.port ?? 5060),
    };
    this.options.transactions.sendStateless(res, target).catch(() => undefined);
  }

  private onCancel(tx: ServerTransaction, cancel: SipRequest): void {
    const invite = this.options.transactions.findInviteFor(cancel);
    const ctx = invite === undefined ? undefined : contextOf(invite);
    if (invite !== undefined && ctx === undefined) {
      // The INVITE's context has settled (its final response went upstream): §9.2, the CANCEL
      // "has no effect on the processing of the original request", and still gets its 200.
      const toTag = invite.toTag ?? getToTag(cancel) ?? 'pbc';
      tx.respond(createResponse(cancel, 200, 'OK', { toTag }));
      return;
    }
    if (invite === undefined || ctx === undefined) {
      // §16.10: "If a response context is not found, the element does not have any knowledge of
      // the request to apply the CANCEL to." We answer rather than forward statelessly.
      tx.respond(createResponse(cancel, 481, 'Call/Transaction Does Not Exist', { toTag: 'pbc' }));
      return;
    }
    // §9.2: the 200 for CANCEL is sent at once; the INVITE gets its 487 from downstream.
    tx.respond(createResponse(cancel, 200, 'OK', { toTag: invite.toTag ?? getToTag(cancel) ?? 'pbc' }));
    ctx.cancel();
  }

  /** The response contexts not yet settled: those on server transactions still alive. */
  private contexts(): ProxyContext[] {
    const out: ProxyContext[] = [];
    for (const tx of this.options.transactions.serverTransactions()) {
      const ctx = contextOf(tx);
      if (ctx !== undefined) out.push(ctx);
    }
    return out;
  }
}

/** The unsettled response context of a server transaction, if it has one. */
function contextOf(tx: ServerTransaction): ProxyContext | undefined {
  return tx.tuContext instanceof ProxyContext ? tx.tuContext : undefined;
}
