// One target of a relay or fork: a Branch (one client transaction) plus the proxy timers that
// watch it — the runtime's ring timeout and RFC 3261 §16.8 timer C — turned into a RelayOutcome.

import type { Clock, TimerHandle } from '../clock';
import type { SipResponse } from '../message/sip-message';
import type { RelayOutcome, TimeoutCause } from '../sip-stack-types';
import { Branch } from './branch';
import type { BranchEnv, BranchEvents, BranchOptions, LateSink } from './branch';
import type { PreparedForward } from './prepare-forward';
import { parseSdpOf } from './request-view';
import { isSdpType } from '../message/media-type';
import { ownString } from '../message/own-string';

/** A final response collected for §16.7 step 6 (best response). */
export interface Collected {
  readonly status: number;
  readonly reason: string;
  /** The downstream response (Via already stripped); undefined for one we make up (408/503). */
  readonly response: SipResponse | undefined;
  readonly cause?: 'timeout';
}

/**
 * §16.7 step 2: "For an INVITE transaction, if the response is a provisional response with
 * status codes 101 to 199 inclusive (i.e., anything but 100), the proxy MUST reset timer C for
 * that client transaction. The timer MAY be reset to a different value, but this value MUST be
 * greater than 3 minutes." (§16.6 step 11 sets it the same way.)
 */
export const TIMER_C = 181_000;

/** What an attempt tells its response context. */
export interface AttemptListener {
  /** A 101-199 or 2xx response to pass upstream. */
  upstream(res: SipResponse): void;
  /** A final response (or our 408/503) joins the response context. */
  collect(entry: Collected): void;
  /** The branch has ended (its transaction no longer pending). */
  finished(attempt: Attempt): void;
}

/**
 * The attempts of one context reach it through `current`, which the context may swap for a
 * slimmer listener while the attempts' client transactions live on (proxy-context.ts).
 */
export interface ListenerLink extends LateSink {
  readonly current: AttemptListener;
}

export interface AttemptEnv extends BranchEnv {
  readonly clock: Clock;
  /** Timer C for INVITE; TIMER_C when undefined. */
  readonly timerCMs?: number | undefined;
}

export class Attempt implements BranchEvents {
  /** Until the attempt ends: it may live 32 s longer (its client transaction), its outcome need not. */
  private pendingResult: Promise<RelayOutcome> | undefined;
  private readonly invite: boolean = false;
  private resolve: ((o: RelayOutcome) => void) | undefined;
  private settled = false;
  private responseSeen = false;
  private ringTimer: TimerHandle | undefined;
  private timerC: TimerHandle | undefined;
  private readonly branch: Branch | undefined;

  constructor(
    private readonly env: AttemptEnv,
    prepared: PreparedForward | string,
    private readonly link: ListenerLink,
    options: BranchOptions & { readonly ringTimeoutMs?: number | undefined } = {},
  ) {
    this.pendingResult = new Promise((r) => (this.resolve = r));
    if (typeof prepared === 'string') {
      // Nothing can be sent (bad target): §16.9 "as if the forwarded request received a 503".
      this.branch = undefined;
      this.settle(
        { kind: 'transport-error', reason: prepared },
        { status: 503, reason: 'Service Unavailable', response: undefined },
      );
      queueMicrotask(() => link.current.finished(this));
      return;
    }
    this.invite = prepared.request.method === 'INVITE';
    // The attempt is the branch's listener itself (methods, not a closure per event): it lives
    // as long as its client transaction, 32 s after a 2xx.
    const branch: Branch = new Branch(env, prepared, this, options);
    this.branch = branch;
    if (options.ringTimeoutMs !== undefined) {
      this.ringTimer = env.clock.setTimeout(() => this.expire(), options.ringTimeoutMs);
    }
    if (this.invite) this.armTimerC();
    void branch.start();
  }

  onProvisional(res: SipResponse): void {
    this.responseSeen = true;
    if (res.status === 100) return;
    if (this.invite && !this.settled) this.armTimerC();
    this.link.current.upstream(res);
  }

  onFinal(res: SipResponse): void {
    this.responseSeen = true;
    const outcome = responseOutcome(res);
    if (res.status < 300) {
      // §16.7 step 5: "Any [2xx] response to an INVITE ... MUST be forwarded immediately",
      // even after we gave up on the branch.
      this.link.current.upstream(res);
      this.settle(outcome);
    } else this.settle(outcome, { status: res.status, reason: res.reason, response: res });
    this.end();
  }

  onTimeout(): void {
    this.settle({ kind: 'timeout', cause: this.timeoutCause() }, TIMEOUT_408);
    this.end();
  }

  onTransportError(reason: string): void {
    // §16.9: "the proxy MUST behave as if the forwarded request received a 503".
    this.settle(
      { kind: 'transport-error', reason },
      { status: 503, reason: 'Service Unavailable', response: undefined },
    );
    this.end();
  }

  onCancelled(): void {
    this.settle({ kind: 'response', status: 487, reason: 'Request Terminated' });
    this.end();
  }

  /** The outcome; taken by relay() and fork() right after the start, before any response. */
  get result(): Promise<RelayOutcome> {
    if (this.pendingResult === undefined) throw new Error('Attempt.result read after the attempt ended');
    return this.pendingResult;
  }

  get done(): boolean {
    return this.branch === undefined || this.branch.done;
  }

  /** §16.10: CANCEL this branch (its 487, when it comes, is the outcome). */
  cancel(): void {
    this.branch?.cancel();
  }

  /**
   * Give up now: the outcome is a timeout, and the branch is CANCELled. §16.8: "If timer C
   * should fire, the proxy MUST either reset the timer with any value it chooses, or terminate
   * the client transaction. If the client transaction has received a provisional response, the
   * proxy MUST generate a CANCEL request matching that transaction. If the client transaction
   * has not received a provisional response, the proxy MUST behave as if the transaction
   * received a 408 (Request Timeout) response." (Branch sends the CANCEL only once a
   * provisional has come, as §9.1 requires.)
   */
  expire(): void {
    if (this.settled) return;
    this.settle({ kind: 'timeout', cause: this.timeoutCause() }, TIMEOUT_408);
    this.branch?.cancel();
  }

  /** Stop the timers (the stack is closing). */
  dispose(): void {
    this.clearTimers();
  }

  private timeoutCause(): TimeoutCause {
    return this.responseSeen ? 'ring' : 'no-response';
  }

  private armTimerC(): void {
    if (this.timerC !== undefined) this.env.clock.clearTimeout(this.timerC);
    this.timerC = this.env.clock.setTimeout(() => this.expire(), this.env.timerCMs ?? TIMER_C);
  }

  private clearTimers(): void {
    if (this.ringTimer !== undefined) this.env.clock.clearTimeout(this.ringTimer);
    if (this.timerC !== undefined) this.env.clock.clearTimeout(this.timerC);
    this.ringTimer = undefined;
    this.timerC = undefined;
  }

  private settle(outcome: RelayOutcome, entry?: Collected): void {
    if (this.settled) return;
    this.settled = true;
    this.clearTimers();
    if (entry !== undefined) this.link.current.collect(entry);
    this.resolve?.(outcome);
    this.resolve = undefined;
  }

  private end(): void {
    this.clearTimers();
    this.pendingResult = undefined;
    this.branch?.retire(this.link);
    this.link.current.finished(this);
  }
}

const TIMEOUT_408: Collected = {
  status: 408,
  reason: 'Request Timeout',
  response: undefined,
  cause: 'timeout',
};

/** The outcome for a final response; `sdp` parsed only when read. */
export function responseOutcome(res: SipResponse): RelayOutcome {
  if (res.body.byteLength === 0) return { kind: 'response', status: res.status, reason: res.reason };
  const contentType = res.headers.get('content-type');
  // A copy of the body: it is a view of the whole received datagram.
  return new ResponseWithBody(
    res.status,
    res.reason,
    new Uint8Array(res.body),
    contentType !== undefined && isSdpType(contentType) ? ownString(contentType) : undefined,
  );
}

/**
 * A response outcome with a body: `body` and the lazy `sdp` are accessors on the prototype, so
 * they stay out of the outcome's enumerable fields (trace details, equality in tests) without
 * the per-call property definitions and closure a plain object would need.
 */
class ResponseWithBody {
  readonly kind = 'response';
  #body: Uint8Array;
  #sdpType: string | undefined;
  #sdp: ReturnType<typeof parseSdpOf> | null | undefined;

  constructor(
    readonly status: number,
    readonly reason: string,
    body: Uint8Array,
    sdpType: string | undefined,
  ) {
    this.#body = body;
    this.#sdpType = sdpType;
  }

  get body(): Uint8Array {
    return this.#body;
  }

  get sdp(): ReturnType<typeof parseSdpOf> {
    if (this.#sdpType === undefined) return undefined;
    if (this.#sdp === undefined) this.#sdp = parseSdpOf(this.#body, this.#sdpType) ?? null;
    return this.#sdp ?? undefined;
  }
}
