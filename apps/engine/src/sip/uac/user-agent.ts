// The engine as a SIP user agent (DESIGN.md "originate requests and calls"): out-of-dialog
// requests with their outcome, third-party calls, and the requests A and B send inside those
// calls (handed here by the proxy core, never to the runtime or the proxy's routing).

import { randomUUID } from 'node:crypto';
import { getToTag } from '../message/accessors';
import { createResponse } from '../message/create-response';
import { messageToJson } from '../message/message-to-json';
import { createRequest } from '../message/sip-message';
import { parseUri } from '../message/parse-uri';
import type { SipRequest } from '../message/sip-message';
import type { ServerTransaction } from '../transaction/transaction-types';
import { newTag } from '../dialog/uac-dialog';
import { newCallId } from './call-leg';
import { sendClientRequest } from './client-request';
import type { ClientOutcome, Credentials } from './client-request';
import { ThirdPartyCall } from './third-party-call';
import type { LegName, RequestOutcome, UaEvent } from './ua-events';
import { contactUri } from './uac-env';
import type { UacEnv } from './uac-env';
import { OldestKey } from '../../util/oldest-key';

export interface OutOfDialogRequest {
  readonly method: string;
  readonly uri: string;
  /** Extra headers in order; Via, CSeq, Call-ID, Max-Forwards and Content-Length are ours. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
  readonly contentType?: string;
  /** Next hop (a SIP URI) when it is not the Request-URI. */
  readonly target?: string;
  readonly from?: string;
  readonly to?: string;
  readonly credentials?: Credentials;
}

/** Methods that need a dialog or a transaction of their own: not sent as stand-alone requests. */
export const NOT_STANDALONE = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'PRACK'];
const RESERVED = new Set(['via', 'v', 'cseq', 'call-id', 'i', 'max-forwards', 'content-length', 'l']);
const MAX_KEPT = 1000;

export class UserAgent {
  private readonly outcomes = new Map<string, RequestOutcome>();
  private readonly oldestOutcome = new OldestKey(this.outcomes);
  private readonly calls = new Map<string, ThirdPartyCall>();
  private readonly listeners = new Set<(e: UaEvent) => void>();
  private endProxied: ((callId: string) => boolean) | undefined;
  /** Call-ID → our From tag, for SUBSCRIBE / REFER we sent (their NOTIFYs come back to us). */
  private readonly subscriptions = new Map<string, string>();
  private readonly oldestSubscription = new OldestKey(this.subscriptions);

  constructor(private readonly env: UacEnv) {}

  /** Listen to outcomes and call progress; returns the unsubscribe function. */
  subscribe(listener: (e: UaEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit = (e: UaEvent): void => {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A faulty listener must not break SIP processing.
      }
    }
  };

  /** Throws Error with a message on bad input (the API turns it into 400). */
  sendRequest(spec: OutOfDialogRequest): RequestOutcome {
    const method = spec.method.toUpperCase();
    if (!/^[A-Z][A-Z0-9._!%*+`'~-]*$/.test(method)) throw new Error('method is not a SIP token');
    if (NOT_STANDALONE.includes(method)) throw new Error(`${method} is not sent as a stand-alone request`);
    for (const u of [spec.uri, spec.target].filter((x): x is string => x !== undefined))
      if (parseUri(u).kind !== 'sip') throw new Error(`${u} is not a sip: URI`);
    for (const [name, value] of spec.headers ?? []) {
      if (RESERVED.has(name.toLowerCase())) throw new Error(`header ${name} is set by the engine`);
      if (/[\r\n]/.test(name + value) || !/^[A-Za-z0-9!%*_+`'~.-]+$/.test(name))
        throw new Error(`header ${name} is not valid`);
    }
    for (const v of [spec.from, spec.to, spec.contentType])
      if (v !== undefined && /[\r\n]/.test(v)) throw new Error('From, To and contentType must be one line');
    const id = randomUUID();
    const callId = newCallId(this.env);
    const body = Buffer.from(spec.body ?? '', 'utf8');
    const fromTag = newTag();
    const has = (n: string): boolean => (spec.headers ?? []).some(([h]) => h.toLowerCase() === n);
    const headers: [string, string][] = [
      ['Max-Forwards', '70'],
      ['From', `${spec.from ?? `<sip:patchbay@${this.env.host}:${this.env.port}>`};tag=${fromTag}`],
      ['To', spec.to ?? `<${spec.uri}>`],
      ['Call-ID', callId],
      ['CSeq', `1 ${method}`],
      ...(has('contact') ? [] : ([['Contact', `<${contactUri(this.env, 'udp')}>`]] as [string, string][])),
      ...(spec.headers ?? []).map(([n, v]): [string, string] => [n, v]),
    ];
    if (body.byteLength > 0 && !has('content-type'))
      headers.push(['Content-Type', spec.contentType ?? 'text/plain']);
    headers.push(['Content-Length', String(body.byteLength)]);
    const req = createRequest(method, spec.uri, headers, body);
    if (method === 'SUBSCRIBE' || method === 'REFER') {
      this.subscriptions.set(callId, fromTag);
      if (this.subscriptions.size > MAX_KEPT)
        this.subscriptions.delete(this.oldestSubscription.next() as string);
    }
    const pending: RequestOutcome = {
      id,
      method,
      uri: spec.uri,
      state: 'pending',
      callId,
      sentAt: this.env.clock.now(),
    };
    this.keep(pending);
    const sent = sendClientRequest(this.env, req, spec.target ?? spec.uri, { credentials: spec.credentials });
    void sent.outcome.then((o) => this.complete(pending, o));
    return pending;
  }

  getRequest(id: string): RequestOutcome | undefined {
    return this.outcomes.get(id);
  }

  private complete(pending: RequestOutcome, o: ClientOutcome): void {
    const base = { ...pending, state: 'completed' as const, completedAt: this.env.clock.now() };
    let done: RequestOutcome;
    if (o.kind === 'response') {
      const json = messageToJson(o.res);
      const body = json.body.encoding === 'utf8' ? json.body.text : json.body.base64;
      done = { ...base, status: o.res.status, reason: o.res.reason, headers: json.headers, body };
    } else if (o.kind === 'timeout') done = { ...base, status: 408, reason: 'Request Timeout' };
    else done = { ...base, status: 503, reason: `Service Unavailable (${o.reason})` };
    this.keep(done);
    this.emit({ kind: 'request-outcome', outcome: done });
  }

  private keep(o: RequestOutcome): void {
    this.outcomes.delete(o.id);
    this.outcomes.set(o.id, o);
    if (this.outcomes.size > MAX_KEPT) this.outcomes.delete(this.oldestOutcome.next() as string);
  }

  /** Start a third-party call (RFC 3725 flow I); returns its Call-ID at once. */
  call(a: string, b: string, credentials?: Credentials): string {
    for (const u of [a, b]) if (parseUri(u).kind !== 'sip') throw new Error(`${u} is not a sip: URI`);
    const call = new ThirdPartyCall(
      this.env,
      a,
      b,
      (e) => {
        if (e.kind === 'call-ended') this.calls.delete(e.callId);
        this.emit(e);
      },
      credentials,
    );
    this.calls.set(call.callId, call);
    void call.start();
    return call.callId;
  }

  hasCall(callId: string): boolean {
    return this.calls.has(callId);
  }

  /** How to end (and recognise) a call the proxy carries (ProxyCore), set by startSipStack. */
  setProxiedCallEnder(end: (callId: string) => boolean, known?: (callId: string) => boolean): void {
    this.endProxied = end;
    this.knownProxied = known;
  }

  private knownProxied: ((callId: string) => boolean) | undefined;

  /** A call the proxy carries (a dialog it tracks) rather than one the engine originated. */
  isProxiedCall(callId: string): boolean {
    return this.knownProxied?.(callId) === true;
  }

  /** DELETE /api/calls/:callId: an originated call, else a proxied one; undefined if neither. */
  endCall(callId: string): 'originated' | 'proxied' | undefined {
    if (this.hangup(callId)) return 'originated';
    return this.endProxied?.(callId) === true ? 'proxied' : undefined;
  }

  /** End an originated call; false when the engine has no such call. */
  hangup(callId: string): boolean {
    const call = this.calls.get(callId);
    if (call === undefined) return false;
    void call.hangup();
    return true;
  }

  /**
   * An in-dialog request on a leg of an originated call. Resolves with the final response's
   * status, or undefined when the call or leg has no dialog.
   */
  async requestInCall(
    callId: string,
    leg: LegName,
    method: string,
    headers: ReadonlyArray<readonly [string, string]>,
    body?: Uint8Array,
  ): Promise<RequestOutcome | undefined> {
    const l = this.calls.get(callId)?.legs[leg];
    if (l?.dialog === undefined || l.state !== 'confirmed') return undefined;
    const id = randomUUID();
    const pending: RequestOutcome = {
      id,
      method,
      uri: l.dialog.remoteTarget,
      state: 'pending',
      callId,
      sentAt: this.env.clock.now(),
    };
    this.keep(pending);
    const sent = l.request(method, headers, body);
    void sent.outcome.then((o) => this.complete(pending, o));
    return pending;
  }

  /** The proxy core's hook: a request inside one of our dialogs; true when handled. */
  onInDialogRequest = (tx: ServerTransaction, req: SipRequest): boolean => {
    const callId = req.headers.get('call-id') ?? '';
    const tag = this.subscriptions.get(callId);
    if (req.method === 'NOTIFY' && tag !== undefined && getToTag(req) === tag) {
      // RFC 6665 §4.1.3: "the subscriber MUST check that it matches at least one of its
      // outstanding subscriptions; if not, it MUST return a 481 ... Otherwise, the subscriber
      // returns a 200-class response" — we keep no subscription state beyond the match.
      tx.respond(createResponse(req, 200, 'OK'));
      return true;
    }
    const call = this.calls.get(callId);
    return call !== undefined && call.onRequest(tx, req);
  };

  /** An ACK inside one of our calls' dialogs, for a 2xx we sent; true when it was awaited. */
  onInDialogAck = (ack: SipRequest): boolean => {
    const call = this.calls.get(ack.headers.get('call-id') ?? '');
    return call !== undefined && call.onAck(ack);
  };

  /** Calls ended before a leg's BYE could be answered are forgotten at close. */
  close(): void {
    for (const call of this.calls.values()) call.close();
    this.calls.clear();
    this.listeners.clear();
  }
}
