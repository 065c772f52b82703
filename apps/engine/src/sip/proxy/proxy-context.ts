// The response context of one proxied request (RFC 3261 §16.7) and the ProxiedRequest handed to
// the runtime: forwards provisional and 2xx responses upstream at once, holds failure finals
// until sendBestResponse(), and handles CANCEL from upstream (§16.10).

import { randomBytes } from 'node:crypto';
import type { Clock, TimerHandle } from '../clock';
import { createResponse } from '../message/create-response';
import { parseUri } from '../message/parse-uri';
import type { SipRequest, SipResponse } from '../message/sip-message';
import type { Peer, ProxiedRequest, RelayOptions, RelayOutcome, RequestView } from '../sip-stack-types';
import type { ServerTransaction } from '../transaction/transaction-types';
import { bestResponse } from './best-response';
import { Branch } from './branch';
import type { BranchEnv } from './branch';
import type { DialogTracker } from './dialog-tracker';
import { prepareForward } from './prepare-forward';
import { requestView } from './request-view';

export interface ProxyContextEnv extends BranchEnv {
  readonly clock: Clock;
  readonly dialogs: DialogTracker;
  /** Our Record-Route value, e.g. "<sip:127.0.0.1:5060;lr>". */
  readonly recordRoute: string;
}

interface Collected {
  readonly status: number;
  readonly reason: string;
  /** The downstream response (Via already stripped); undefined for one we make up (408/503). */
  readonly response: SipResponse | undefined;
  readonly cause?: 'timeout';
}

/** RFC 3261 §16.8 Timer C: "MUST be set for greater than 3 minutes". */
const DEFAULT_INVITE_TIMEOUT_MS = 181_000;

const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

export class ProxyContext implements ProxiedRequest {
  readonly request: RequestView;
  private readonly collected: Collected[] = [];
  private readonly active = new Set<Branch>();
  private cancelled = false;
  private readonly toTag = `pb${randomBytes(6).toString('hex')}`;
  private readonly timers = new Set<TimerHandle>();

  constructor(
    private readonly env: ProxyContextEnv,
    private readonly tx: ServerTransaction,
    private readonly original: SipRequest,
    readonly source: Peer,
    readonly receivedAt: number,
  ) {
    this.request = requestView(original);
  }

  respond(status: number, reason: string, extraHeaders: ReadonlyArray<readonly [string, string]> = []): void {
    if (this.tx.finished) return;
    this.sendUpstream(createResponse(this.original, status, reason, { toTag: this.toTag, extraHeaders }));
  }

  relay(target: string, options: RelayOptions = {}): Promise<RelayOutcome> {
    if (this.cancelled)
      return Promise.resolve({ kind: 'response', status: 487, reason: 'Request Terminated' });
    if (this.tx.finished)
      return Promise.resolve({ kind: 'transport-error', reason: 'request already answered' });
    if (parseUri(target).kind !== 'sip') {
      this.collected.push({ status: 503, reason: 'Service Unavailable', response: undefined });
      return Promise.resolve({ kind: 'transport-error', reason: `bad target URI ${JSON.stringify(target)}` });
    }
    const recordRoute = DIALOG_CREATING.has(this.original.method) ? this.env.recordRoute : undefined;
    return this.forward(target, recordRoute, options.timeoutMs);
  }

  /** RFC 3261 §16.7 step 6. Idempotent; does nothing once a final response went upstream. */
  sendBestResponse(): void {
    if (this.tx.finished) return;
    const best = bestResponse(this.collected);
    if (best === undefined) {
      if (this.cancelled) this.respond(487, 'Request Terminated');
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
    if (this.cancelled) return;
    this.cancelled = true;
    // "the proxy MUST cancel any pending client transactions associated with [the] response
    // context" and the final response (487 from downstream) goes upstream as the best response.
    if (this.active.size === 0) this.sendBestResponse();
    for (const b of this.active) b.cancel();
  }

  /** Forward by Route/Request-URI (targetUri undefined) or to a new target. */
  forward(
    targetUri: string | undefined,
    recordRoute: string | undefined,
    timeoutMs?: number,
  ): Promise<RelayOutcome> {
    const prepared = prepareForward(this.original, { targetUri, recordRoute });
    const limit = timeoutMs ?? (this.original.method === 'INVITE' ? DEFAULT_INVITE_TIMEOUT_MS : undefined);
    return new Promise((resolve) => {
      let settled = false;
      let timer: TimerHandle | undefined;
      const settle = (outcome: RelayOutcome, entry?: Collected): void => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) {
          this.env.clock.clearTimeout(timer);
          this.timers.delete(timer);
        }
        if (entry !== undefined) this.collected.push(entry);
        resolve(outcome);
      };
      const branch: Branch = new Branch(this.env, prepared, {
        onProvisional: (res) => {
          if (!this.tx.finished) this.sendUpstream(res);
        },
        onFinal: (res) => {
          const outcome: RelayOutcome = { kind: 'response', status: res.status, reason: res.reason };
          if (res.status < 300) {
            // §16.7 step 5: "Any [2xx] response to an INVITE ... MUST be forwarded immediately".
            this.sendUpstream(res);
            settle(outcome);
          } else settle(outcome, { status: res.status, reason: res.reason, response: res });
          this.done(branch);
        },
        onTimeout: () => {
          settle(
            { kind: 'timeout' },
            { status: 408, reason: 'Request Timeout', response: undefined, cause: 'timeout' },
          );
          this.done(branch);
        },
        onTransportError: (reason) => {
          // §16.9: "the proxy MUST behave as if the forwarded request received a 503".
          settle(
            { kind: 'transport-error', reason },
            { status: 503, reason: 'Service Unavailable', response: undefined },
          );
          this.done(branch);
        },
        onCancelled: () => {
          settle({ kind: 'response', status: 487, reason: 'Request Terminated' });
          this.done(branch);
        },
      });
      if (limit !== undefined) {
        timer = this.env.clock.setTimeout(() => {
          // §16.8: "If timer C should fire, the proxy MUST either reset the timer with any
          // value it chooses, or terminate the client transaction [with a CANCEL]".
          settle(
            { kind: 'timeout' },
            { status: 408, reason: 'Request Timeout', response: undefined, cause: 'timeout' },
          );
          branch.cancel();
        }, limit);
        this.timers.add(timer);
      }
      this.active.add(branch);
      void branch.start();
    });
  }

  /** Stop the relay timers (the stack is closing). */
  dispose(): void {
    for (const t of this.timers) this.env.clock.clearTimeout(t);
    this.timers.clear();
  }

  private done(branch: Branch): void {
    this.active.delete(branch);
    if (this.cancelled && this.active.size === 0) this.sendBestResponse();
  }

  private sendUpstream(res: SipResponse, cause?: 'timeout'): void {
    this.env.dialogs.onResponse(
      this.original,
      res,
      cause ?? (this.cancelled && res.status === 487 ? 'cancel' : undefined),
    );
    if (!this.tx.finished || this.tx.state === 'accepted') this.tx.respond(res);
    // A 2xx after a failure final went upstream (a race with our own final) still has to reach
    // the caller (RFC 3261 §16.7 step 5), outside the server transaction.
    else if (res.status >= 200 && res.status < 300) {
      this.env.transactions.sendStateless(res, this.tx.replyTo).catch(() => undefined);
    }
  }
}
