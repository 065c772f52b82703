// The seam between the SIP stack (sip/) and everything above it (runtime/, store/, api/).
// The runtime never touches sockets or transactions: it receives one ProxiedRequest per new
// out-of-dialog request and answers it by responding or relaying. In-dialog requests (those
// carrying a To tag, or routed to us by our own Record-Route) never reach the runtime: the proxy
// core routes them by their Route headers.

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
}

export type RelayOutcome =
  /** A final response came back. 2xx responses have already been forwarded upstream. */
  | { readonly kind: 'response'; readonly status: number; readonly reason: string }
  /** No final response in time (Timer B/F or the relay's own timeout): best response is 408. */
  | { readonly kind: 'timeout' }
  /** The target could not be reached (bad URI, ICMP, TCP connect failure): best response is 503. */
  | { readonly kind: 'transport-error'; readonly reason: string };

export interface RelayOptions {
  /** Give up waiting for a final response after this long (CANCEL sent for INVITE later). */
  readonly timeoutMs?: number;
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
}

export type DialogState = 'early' | 'confirmed' | 'terminated';

/** Dialog life-cycle as the proxy sees it pass (keyed by Call-ID for now). */
export interface DialogEvent {
  readonly at: number;
  readonly callId: string;
  readonly state: DialogState;
  /** For 'confirmed': the 2xx status; for 'terminated' by a failure: the final status. */
  readonly status?: number;
  /** Why it ended: 'bye' | 'cancel' | 'failure' | 'timeout'. */
  readonly reason?: string;
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
}

export interface SipStack {
  readonly host: string;
  readonly port: number;
  /** Close sockets and stop timers; pending transactions are dropped. */
  close(): Promise<void>;
}
