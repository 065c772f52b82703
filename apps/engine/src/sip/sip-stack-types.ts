// The seam between the SIP stack (sip/) and everything above it (runtime/, store/, api/).
// The runtime never touches sockets or transactions: it receives one ProxiedRequest per new
// out-of-dialog request and answers it by responding or relaying. In-dialog requests (those
// carrying a To tag, or sent to us by a strict router) never reach the runtime: the proxy core
// routes them by their Route headers.

import type { SessionDescription } from 'sdp-transform';
import type { UserAgent } from './uac/user-agent';
import type { OverloadStats } from './transport/overload-guard';
import type { UdpQueueReading } from './transport/udp-receive-queue';

export type TransportName = 'udp' | 'tcp';

export interface Peer {
  readonly transport: TransportName;
  readonly address: string;
  readonly port: number;
}

/** Read-only view of a SIP request, as much as the runtime and the trace need. */
export interface RequestView {
  readonly method: string;
  /** Request-URI as it arrived. */
  readonly uri: string;
  readonly callId: string;
  /** URI inside From / To (no display name, no header params). */
  readonly fromUri: string;
  readonly toUri: string;
  /** First value of a header by any of its names (case-insensitive, compact forms too). */
  header(name: string): string | undefined;
  readonly body: Uint8Array;
  /**
   * Every value of a header, in order (case-insensitive, compact forms too). Headers whose
   * grammar is a comma-separated list (Via, Route, Contact, Allow, Supported, …) give one entry
   * per element; any other header gives one entry per header line. [] when absent.
   */
  headers(name: string): string[];
  /** Header names in order of first appearance, in canonical spelling ("Call-ID", "Via"). */
  headerNames(): string[];
  /** The Request-URI taken apart (parsed on first read). */
  readonly uriParts: UriParts;
  /** From / To / first Contact taken apart (parsed on first read). */
  readonly from: AddressView;
  readonly to: AddressView;
  /** undefined when there is no Contact (or it is "*"). */
  readonly contact: AddressView | undefined;
  /** The body parsed by sdp-transform when Content-Type is application/sdp (on first read). */
  readonly sdp: SessionDescription | undefined;
  /** Transport the request arrived on. */
  readonly transport: TransportName;
}

/** A URI taken apart. Non-SIP URIs (tel:, urn:…) keep only their scheme; host is ''. */
export interface UriParts {
  readonly scheme: string;
  /** User part, still %-escaped; undefined when there is none. */
  readonly user: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  /** URI parameters by lower-case name; '' for a flag parameter such as lr. */
  readonly params: Readonly<Record<string, string>>;
}

/** A From / To / Contact value taken apart. */
export interface AddressView {
  readonly displayName?: string;
  /** The URI as written (no < >). */
  readonly uri: string;
  readonly user: string | undefined;
  readonly host: string;
  /** URI parameters (inside < >) by lower-case name. */
  readonly params: Readonly<Record<string, string>>;
  readonly tag?: string;
  /** Header parameters (after the >, tag included) by lower-case name. */
  readonly headerParams: Readonly<Record<string, string>>;
}

/**
 * Changes to the copy of the request that relay() and fork() send next (RFC 3261 §16.6 step 1
 * works on a copy; the request as received, and RequestView, stay as they were). Header names
 * are case-insensitive. The proxy's own headers — Via, Route, Record-Route, CSeq, Call-ID,
 * Max-Forwards, Content-Length — are refused with an Error.
 */
export interface RequestEdits {
  /** Replace every value of the header by this one (added when absent). */
  setHeader(name: string, value: string): void;
  /** Add one more value after the existing ones. */
  addHeader(name: string, value: string): void;
  /** Remove every value of the header (no-op when absent). */
  removeHeader(name: string): void;
  /**
   * New Request-URI (throws on a URI the message layer cannot parse). Once set, the target
   * given to relay()/fork() only chooses the next hop (like Kamailio's $du), it no longer
   * replaces the Request-URI.
   */
  setUri(uri: string): void;
  /** Replace the body; Content-Type set to contentType, Content-Length kept in step. */
  setBody(body: Uint8Array, contentType: string): void;
}

export type RelayOutcome =
  /**
   * A final response came back. 2xx responses have already been forwarded upstream. `sdp` (a
   * non-enumerable lazy getter, defined when the response has an application/sdp body) is the
   * answer (or offer) it carried, parsed by sdp-transform on first read; `body` is the raw body.
   */
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly reason: string;
      readonly sdp?: SessionDescription | undefined;
      readonly body?: Uint8Array;
    }
  /**
   * No final response in time: best response is 408. `cause` (always set by the stack) says
   * which: 'ring' = the callee was alive (some response came back) but did not answer before
   * the relay/fork timeout or timer C (runtime: no-answer); 'no-response' = nothing at all came
   * back, Timer B/F or our timeout with total silence (runtime: unreachable).
   */
  | { readonly kind: 'timeout'; readonly cause?: TimeoutCause }
  /** The target could not be reached (bad URI, ICMP, TCP connect failure): best response is 503. */
  | { readonly kind: 'transport-error'; readonly reason: string };

export type TimeoutCause = 'ring' | 'no-response';

export interface RelayOptions {
  /** Give up waiting for a final response after this long (CANCEL sent for INVITE later). */
  readonly timeoutMs?: number;
}

export interface ForkOptions {
  /** 'parallel': all targets at once; 'serial': one after another until one answers. */
  readonly mode: 'parallel' | 'serial';
  /** Give up on the whole fork after this long (every pending branch CANCELled). */
  readonly timeoutMs?: number;
  /** Give up on one target after this long (CANCEL; serial mode then tries the next). */
  readonly perTargetTimeoutMs?: number;
}

/** One new out-of-dialog request handed to the runtime. */
export interface ProxiedRequest {
  readonly request: RequestView;
  readonly source: Peer;
  /** When the request arrived, in ms since the epoch with sub-ms precision. */
  readonly receivedAt: number;
  /** Send a response we generate (any status; a final one ends the server transaction). */
  respond(status: number, reason: string, extraHeaders?: ReadonlyArray<readonly [string, string]>): void;
  /**
   * Forward the request statefully to `target` (a SIP URI): new Via branch, Record-Route,
   * Max-Forwards decremented. Provisional responses and 2xx are forwarded upstream as they
   * arrive; a final failure response is held, returned here, and only sent upstream by
   * sendBestResponse() (or replaced by respond()).
   */
  relay(target: string, options?: RelayOptions): Promise<RelayOutcome>;
  /**
   * RFC 3261 §16.7 forking to several targets. Provisional and 2xx responses are forwarded
   * upstream as they arrive; the first 2xx wins (the other branches are CANCELled; a later 2xx
   * from a branch that answered anyway is still forwarded, §16.7 step 5); a 6xx ends the fork
   * (other branches CANCELled); otherwise every branch runs to its end (serial: the next target
   * is tried after a failure or per-target timeout). Resolves with the best outcome (§16.7 step
   * 6 choice); failure finals are held for sendBestResponse() as with relay(). An empty target
   * list gives 'transport-error'; a target that is not a SIP URI is a branch that failed as if
   * with a 503 (§16.9).
   */
  fork(targets: readonly string[], options: ForkOptions): Promise<RelayOutcome>;
  /** Edits to the copy that relay() / fork() send next. */
  readonly edits: RequestEdits;
  /** RFC 3261 §16.7 step 6: send upstream the best final response collected by relay(). */
  sendBestResponse(): void;
}

export type RequestHandler = (request: ProxiedRequest) => void;

/** Every SIP message that crosses the wire, for the trace. */
export interface MessageEvent {
  /** ms since the epoch, sub-ms precision. */
  readonly at: number;
  readonly direction: 'in' | 'out';
  readonly peer: Peer;
  /** Call-ID if it could be read. */
  readonly callId: string | undefined;
  /** The raw bytes of the message. */
  readonly bytes: Uint8Array;
  /**
   * Whether the message may carry Authorization or Proxy-Authorization: false only when its
   * parsed headers have neither, so that a trace store redacting credentials need not scan it.
   */
  readonly credentials: boolean;
}

export type DialogState = 'early' | 'confirmed' | 'terminated';

/**
 * Dialog life-cycle as the proxy sees it pass. One 'early' per INVITE (first 1xx with a To tag),
 * one 'confirmed' per 2xx'd dialog (a forked INVITE may confirm several), one 'terminated' per
 * dialog (or per failed INVITE). Dialogs are keyed as RFC 3261 §12 keys them: Call-ID + the
 * caller's From tag + the callee's To tag.
 */
export interface DialogEvent {
  readonly at: number;
  readonly callId: string;
  readonly state: DialogState;
  /** For 'confirmed': the 2xx status; for 'terminated': the final status (BYE's for 'bye'). */
  readonly status?: number;
  /** Why it ended: 'bye' | 'cancel' | 'failure' | 'timeout' (no final / no BYE seen in time). */
  readonly reason?: string;
  /** The caller's tag (From of the initial INVITE); always set by the stack. */
  readonly fromTag?: string;
  /** The callee's tag (To of its response); absent for a failure with no tag. */
  readonly toTag?: string;
  /** When the initial INVITE arrived; always set by the stack. */
  readonly startedAt?: number;
  /** When the 2xx went upstream (confirmed dialogs). */
  readonly answeredAt?: number;
  /** When it ended ('terminated'). */
  readonly endedAt?: number;
}

export interface SipStats {
  /** Malformed requests answered statelessly (400, 505). */
  readonly rejected: number;
  /** Messages dropped: unreadable, no Via, or responses not addressed to us. */
  readonly dropped: number;
  /** Messages over maxMessageBytes (513 when it could be sent). */
  readonly tooLarge: number;
  /**
   * Transactions alive now (RFC 3261 §17), server and client: those in progress and those
   * waiting out their timers (up to 64·T1 = 32 s after their final response).
   */
  readonly transactions: { readonly servers: number; readonly clients: number };
  /** The UDP receive queue and the kernel's drops; load shedding, when switched on, and its 503s. */
  readonly overload: OverloadStats;
}

/** A dialog alive now (SipStack.dialogs()). */
export interface DialogRecord {
  readonly callId: string;
  readonly fromTag: string;
  readonly toTag?: string;
  readonly state: DialogState;
  readonly startedAt: number;
  readonly answeredAt?: number;
  /** The 2xx status that confirmed it. */
  readonly status?: number;
}

export interface SipStackOptions {
  /** Address to bind UDP and TCP to (e.g. '0.0.0.0', '127.0.0.1'). */
  readonly host: string;
  /** Port for both UDP and TCP; 0 picks a free port (UDP's, then TCP on the same number). */
  readonly port: number;
  /** Host to put in Via and Record-Route; defaults to host, or 127.0.0.1 when host is 0.0.0.0. */
  readonly advertisedHost?: string;
  readonly handleRequest: RequestHandler;
  readonly onMessage?: (event: MessageEvent) => void;
  readonly onDialog?: (event: DialogEvent) => void;
  /**
   * Largest SIP message accepted, in bytes (default 65535). A larger request gets a stateless
   * 513 (Message Too Large) when it can be answered, else it is dropped; over TCP the
   * connection is then closed.
   */
  readonly maxMessageBytes?: number;
  /** Close TCP connections idle for this long (default 300000 ms, beyond timer C). */
  readonly tcpIdleTimeoutMs?: number;
  /**
   * Answer a share of new requests 503 while the UDP receive queue is fuller than this % of its
   * buffer (overload-guard.ts). Default 0: never (the queue is still watched, for the metrics).
   */
  readonly overloadShedAtPercent?: number | undefined;
  /** Where the queue is read from (tests); default /proc/net/udp(6). */
  readonly overloadProbe?: (() => Promise<UdpQueueReading | undefined>) | undefined;
  /** Operational messages (overload starts and ends); default console.warn. */
  readonly log?: ((line: string) => void) | undefined;
}

export interface SipStack {
  readonly host: string;
  readonly port: number;
  /** Dialogs alive now: early ones, then confirmed ones (bounded, see DialogEvent). */
  dialogs(): DialogRecord[];
  /** Counters of bad input since start (a snapshot). */
  stats(): SipStats;
  /**
   * The engine as a user agent: out-of-dialog requests, third-party calls and their in-dialog
   * requests (uac/user-agent.ts). Always set by startSipStack; optional for test doubles.
   */
  readonly userAgent?: UserAgent;
  /** Close sockets and stop timers; pending transactions are dropped. */
  close(): Promise<void>;
}
