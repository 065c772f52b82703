// The response context of one proxied request (RFC 3261 §16.7) and the ProxiedRequest handed to
// the runtime: relays or forks it (one Attempt per target), forwards provisional and 2xx
// responses upstream at once, holds failure finals until sendBestResponse(), handles CANCEL from
// upstream (§16.10), and answers on its own when the runtime goes quiet (safety timeout).

import type { TimerHandle } from '../clock';
import { createResponse } from '../message/create-response';
import { parseUri } from '../message/parse-uri';
import { getToTag } from '../message/accessors';
import { type OwnValues, ownString, ownValues, valuesOf } from '../message/own-string';
import { createRequest } from '../message/sip-message';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type {
  ForkOptions,
  Peer,
  ProxiedRequest,
  RelayOptions,
  RelayOutcome,
  RequestView,
  TransportName,
} from '../sip-stack-types';
import type { ServerTransaction } from '../transaction/transaction-types';
import { bestResponse } from './best-response';
import type { DialogTracker } from './dialog-tracker';
import { runFork } from './fork';
import { prepareForward } from './prepare-forward';
import { Attempt } from './relay-attempt';
import type { AttemptEnv, AttemptListener, Collected } from './relay-attempt';
import { RequestEditor } from './request-edits';
import { requestView } from './request-view';
import { randomHex } from '../random-token';

export interface ProxyContextEnv extends AttemptEnv {
  readonly dialogs: DialogTracker;
  /** Our Record-Route value(s) for a request that came in on `inbound` and leaves on `out`. */
  readonly recordRoute: (inbound: TransportName, out: TransportName) => readonly string[];
  /**
   * Safety net: when no final response has gone upstream and no branch is pending for this
   * long, the best response collected (500 when none) is sent (the runtime forgot to answer).
   */
  readonly idleTimeoutMs: number;
}

const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/**
 * The branches reach the context only through `link.current`, so that settleIfDone() can swap
 * the context for a slim forwarder of late 2xx responses: client INVITE transactions stay alive
 * for 32 s after the 2xx (RFC 6026 Timer M) and would otherwise keep the whole context, its
 * request and the runtime's call state reachable, for every call of the last 32 s.
 */
interface MutableLink {
  current: AttemptListener;
}

function recordRouteFor(
  env: ProxyContextEnv,
  inbound: TransportName,
): (out: TransportName) => readonly string[] {
  return (out) => env.recordRoute(inbound, out);
}

/**
 * A response on its way to the caller: the dialog tracker sees it, then the server transaction
 * sends it while it can. A 2xx after a failure final went upstream (a race with our own final)
 * still has to reach the caller (RFC 3261 §16.7 step 5), outside the server transaction.
 */
function passUpstream(
  env: ProxyContextEnv,
  tx: ServerTransaction,
  original: SipRequest,
  res: SipResponse,
  cause?: 'cancel' | 'timeout',
): void {
  env.dialogs.onResponse(original, res, cause);
  if (!tx.finished || tx.state === 'accepted') tx.respond(res);
  else if (res.status >= 200 && res.status < 300)
    env.transactions.sendStateless(res, tx.replyTo).catch(() => undefined);
}

/**
 * After settling: forwards a 2xx that still arrives (a retransmission, another fork's answer).
 * Methods rather than closures: it lives as long as the branches' client transactions (32 s), so
 * it keeps of the INVITE only what a 2xx does not repeat: the caller's Contact, and the To of an
 * INVITE inside a dialog. The rest the dialog tracker reads from the INVITE (From, Call-ID, CSeq)
 * a response copies from its request (§8.2.6.2), so the INVITE is rebuilt from the 2xx.
 */
class LateTwoHundredForwarder implements AttemptListener {
  private readonly contacts: OwnValues;
  /** The INVITE's To if it had a tag (a re-INVITE); an initial INVITE's is left out. */
  private readonly to: string | undefined;

  constructor(
    private readonly env: ProxyContextEnv,
    private readonly tx: ServerTransaction,
    invite: SipRequest,
  ) {
    this.contacts = ownValues(invite.headers.values('contact'));
    const to = invite.headers.get('to');
    this.to = to === undefined || getToTag(invite) === undefined ? undefined : ownString(to);
  }

  upstream(res: SipResponse): void {
    if (res.status >= 200 && res.status < 300) passUpstream(this.env, this.tx, this.inviteOf(res), res);
  }

  /** The INVITE as far as the dialog tracker reads it. */
  private inviteOf(res: SipResponse): SipRequest {
    const headers: [string, string][] = [];
    for (const name of ['From', 'Call-ID', 'CSeq']) {
      const value = res.headers.get(name);
      if (value !== undefined) headers.push([name, value]);
    }
    if (this.to !== undefined) headers.push(['To', this.to]);
    for (const c of valuesOf(this.contacts)) headers.push(['Contact', c]);
    return createRequest('INVITE', '', headers);
  }

  collect(): void {}

  finished(): void {}
}

/**
 * After settling a non-INVITE request: nothing can come late. Its client transactions absorb
 * retransmitted finals in Completed (§17.1.2.2), and only INVITE has 2xx after a final.
 */
const NOTHING_COMES_LATE: AttemptListener = {
  upstream: () => undefined,
  collect: () => undefined,
  finished: () => undefined,
};

export class ProxyContext implements ProxiedRequest {
  readonly request: RequestView;
  readonly edits: RequestEditor;
  private readonly collected: Collected[] = [];
  private readonly active = new Set<Attempt>();
  private cancelledFlag = false;
  private readonly toTag = `pb${randomHex(6)}`;
  private idleTimer: TimerHandle | undefined;
  private disposed = false;
  private settled = false;
  private readonly link: MutableLink;

  constructor(
    private readonly env: ProxyContextEnv,
    private readonly tx: ServerTransaction,
    private readonly original: SipRequest,
    readonly source: Peer,
    readonly receivedAt: number,
    private readonly loopHash?: string,
    /** Called once nothing but a late 2xx can reach this context any more (settleIfDone). */
    private readonly onSettled?: () => void,
  ) {
    this.link = {
      current: {
        upstream: (res) => {
          if (res.status >= 200 || !this.tx.finished) this.sendUpstream(res);
        },
        collect: (entry) => this.collected.push(entry),
        finished: (a) => {
          this.active.delete(a);
          if (this.active.size === 0) {
            if (this.cancelledFlag) this.sendBestResponse();
            else this.armIdle();
          }
          this.settleIfDone();
        },
      },
    };
    this.request = requestView(original, source.transport);
    this.edits = new RequestEditor(original);
    if (original.method === 'INVITE') env.dialogs.onInvite(original, receivedAt);
    this.armIdle();
  }

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  /** A final response has gone upstream (nothing left to CANCEL). */
  get finished(): boolean {
    return this.tx.finished;
  }

  respond(status: number, reason: string, extraHeaders: ReadonlyArray<readonly [string, string]> = []): void {
    if (this.tx.finished) return;
    this.sendUpstream(createResponse(this.original, status, reason, { toTag: this.toTag, extraHeaders }));
  }

  relay(target: string, options: RelayOptions = {}): Promise<RelayOutcome> {
    const early = this.refusal();
    if (early !== undefined) return Promise.resolve(early);
    return this.startTarget(target, options.timeoutMs).result;
  }

  fork(targets: readonly string[], options: ForkOptions): Promise<RelayOutcome> {
    const early = this.refusal();
    if (early !== undefined) return Promise.resolve(early);
    return runFork(
      {
        clock: this.env.clock,
        start: (t, ring) => this.startTarget(t, ring),
        cancelled: () => this.cancelledFlag,
      },
      targets,
      options,
    );
  }

  /** RFC 3261 §16.7 step 6. Idempotent; does nothing once a final response went upstream. */
  sendBestResponse(): void {
    if (this.tx.finished) return;
    const best = bestResponse(this.collected);
    if (best === undefined) {
      if (this.cancelledFlag) this.respond(487, 'Request Terminated');
      else this.respond(500, 'No Response Collected');
      return;
    }
    // "If the only response that was received is a 503, the proxy SHOULD generate a 500
    // response and forward that upstream" (so that upstream does not retry elsewhere because of us).
    if (best.response !== undefined && best.status === 503) this.respond(500, 'Server Internal Error');
    else if (best.response !== undefined) this.sendUpstream(best.response);
    else
      this.sendUpstream(
        createResponse(this.original, best.status, best.reason, { toTag: this.toTag }),
        best.cause,
      );
  }

  /** §16.10: CANCEL received for this request. */
  cancel(): void {
    if (this.cancelledFlag) return;
    this.cancelledFlag = true;
    // "the proxy MUST cancel any pending client transactions associated with [the] response
    // context" — every branch of a fork — and the final response (487 from downstream) goes
    // upstream as the best response.
    if (this.active.size === 0) this.sendBestResponse();
    for (const a of [...this.active]) a.cancel();
  }

  /** Forward by Route/Request-URI (in-dialog requests): one branch, no Record-Route. */
  forward(): Promise<RelayOutcome> {
    return this.startAttempt(prepareForward(this.original, {}), undefined, false).result;
  }

  /** Stop every timer (the stack is closing). */
  dispose(): void {
    this.disposed = true;
    if (this.idleTimer !== undefined) this.env.clock.clearTimeout(this.idleTimer);
    for (const a of this.active) a.dispose();
  }

  private refusal(): RelayOutcome | undefined {
    if (this.cancelledFlag) return { kind: 'response', status: 487, reason: 'Request Terminated' };
    if (this.tx.finished) return { kind: 'transport-error', reason: 'request already answered' };
    return undefined;
  }

  /** One target of relay()/fork(): the (edited) copy, Request-URI = target unless edited. */
  private startTarget(target: string, ringTimeoutMs: number | undefined): Attempt {
    if (parseUri(target).kind !== 'sip') return this.startAttempt(`bad target URI ${JSON.stringify(target)}`);
    const uriEdited = this.edits.uriEdited;
    const prepared = prepareForward(this.edits.request, {
      targetUri: uriEdited ? undefined : target,
      nextHop: uriEdited ? target : undefined,
    });
    return this.startAttempt(prepared, ringTimeoutMs, DIALOG_CREATING.has(this.original.method));
  }

  private startAttempt(
    prepared: ReturnType<typeof prepareForward> | string,
    ringTimeoutMs?: number,
    recordRoute = false,
  ): Attempt {
    const attempt = new Attempt(this.env, prepared, this.link, {
      ringTimeoutMs,
      loopHash: this.loopHash,
      recordRoute: recordRoute ? recordRouteFor(this.env, this.source.transport) : undefined,
    });
    if (!attempt.done) this.active.add(attempt);
    return attempt;
  }

  /**
   * Once a final response went upstream and no branch is pending, only a late 2xx to an INVITE
   * can still come: hand the branches a forwarder that holds just the server transaction and the
   * caller's Contact (other methods: a link that drops everything), and let the core forget this
   * context, so that it can be collected.
   */
  private settleIfDone(): void {
    if (this.settled || !this.tx.finished || this.active.size > 0) return;
    this.settled = true;
    if (this.idleTimer !== undefined) this.env.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.link.current =
      this.original.method === 'INVITE'
        ? new LateTwoHundredForwarder(this.env, this.tx, this.original)
        : NOTHING_COMES_LATE;
    this.onSettled?.();
  }

  /** (Re)start the safety timer while nothing is pending and nothing final went upstream. */
  private armIdle(): void {
    if (this.disposed || this.tx.finished) return;
    if (this.idleTimer !== undefined) this.env.clock.clearTimeout(this.idleTimer);
    this.idleTimer = this.env.clock.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.tx.finished || this.active.size > 0) return;
      this.sendBestResponse();
    }, this.env.idleTimeoutMs);
  }

  private sendUpstream(res: SipResponse, cause?: 'timeout'): void {
    passUpstream(
      this.env,
      this.tx,
      this.original,
      res,
      cause ?? (this.cancelledFlag && res.status === 487 ? 'cancel' : undefined),
    );
    if (res.status >= 200 && this.idleTimer !== undefined) {
      this.env.clock.clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    if (res.status >= 200) this.settleIfDone();
  }
}
