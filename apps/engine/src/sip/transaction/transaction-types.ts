// Interfaces between the transaction layer, the transport below it and the TU (proxy core) above.
// The TU depends on these interfaces, never on the machine classes (SIP.js transaction-user.ts).

import type { Clock } from '../clock';
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message';
import type { Peer, TransportName } from '../sip-stack-types';
import type { TimerSlot } from './timers';

export interface TransactionTransport {
  send(msg: SipMessage, target: Peer): Promise<void>;
  /**
   * send() without a promise (the transactions' sends, a dozen per call): `done` is called later,
   * never during this call, with null once the message is handed on or with what failed.
   */
  post(msg: SipMessage, target: Peer, done: (err: Error | null) => void): void;
  isReliable(transport: TransportName): boolean;
}

export interface TransactionContext {
  readonly clock: Clock;
  readonly transport: TransactionTransport;
  /** Called once when the machine reaches Terminated, so the layer can forget it. */
  readonly onTerminated: (key: string) => void;
}

export type ServerEvent =
  | { readonly kind: 'request'; readonly req: SipRequest }
  | { readonly kind: 'respond'; readonly res: SipResponse }
  | { readonly kind: 'timer'; readonly slot: TimerSlot }
  | { readonly kind: 'transport-error' };

export type ClientEvent =
  | { readonly kind: 'response'; readonly res: SipResponse }
  | { readonly kind: 'timer'; readonly slot: TimerSlot }
  | { readonly kind: 'transport-error'; readonly error: Error };

export interface ServerTransaction {
  readonly key: string;
  /** The request, until a final response is sent (the wait states after it need only the key). */
  readonly request: SipRequest | undefined;
  /** Where responses go (RFC 3261 §18.2.2). */
  readonly replyTo: Peer;
  readonly state: string;
  /** The To tag of the last response sent (a CANCEL's 200 repeats an INVITE's, §9.2). */
  readonly toTag: string | undefined;
  /** Pass a response from the TU down to the wire. */
  respond(res: SipResponse): void;
  /** True once a final response has been sent. */
  readonly finished: boolean;
  /**
   * What the transaction user keeps with this transaction (the proxy: the request's response
   * context, until it settles). A field here, not a Map in the user keyed by transaction: a
   * long-lived Map with few entries alive and many coming and going rehashes every few inserts,
   * into old-generation tables once it has been there, and a table left behind still points at
   * the entries it held; the young collector cannot know it is dead, so those entries and all
   * they reach (a request's parsed message, its branches) moved to the old generation with
   * every call. With V8's pretenuring off (v8-tuning.ts), the proxy's Map of unsettled contexts
   * was what still moved most of every call: 12.8 KB a call at 1,000 calls/s, 4.9 without it.
   * (A 16-entry Map churned by string or old-generation keys promoted most of its values; by
   * numbers or young objects, none.)
   */
  tuContext: object | undefined;
}

export interface ClientTransactionUser {
  onResponse(res: SipResponse): void;
  /** Timer B or F fired without a final response. */
  onTimeout(): void;
  onTransportError(error: Error): void;
}

export interface ClientTransaction {
  readonly key: string;
  /** The request, until a final response (the wait states after it need only the key). */
  readonly request: SipRequest | undefined;
  readonly target: Peer;
  readonly state: string;
  /** Stop retransmitting and forget the transaction (used when the stack closes). */
  terminate(): void;
  /** Responses that still come go to `user` from now on (the first may be let go of). */
  handOver(user: ClientTransactionUser): void;
}
