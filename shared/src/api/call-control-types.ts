// Request and response bodies of the call-control API: POST /api/sip/requests,
// GET /api/sip/requests/:id, POST /api/calls, DELETE /api/calls/:callId,
// POST /api/calls/:callId/requests, and the live events they produce.

/** POST /api/sip/requests: one out-of-dialog request (any method but INVITE/ACK/CANCEL/BYE/PRACK). */
export interface SipRequestBody {
  readonly method: string;
  /** Request-URI, a sip: URI. */
  readonly uri: string;
  /** Extra headers, in order: [name, value] pairs or an object. */
  readonly headers?: ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;
  /** Body as text (Content-Type defaults to text/plain when a body is given). */
  readonly body?: string;
  readonly contentType?: string;
  /** Next hop (a sip: URI) when it differs from the Request-URI. */
  readonly target?: string;
  /** From / To values (name-addr) replacing the engine's defaults. */
  readonly from?: string;
  readonly to?: string;
  /** Used once when the request is challenged with 401/407 (digest, MD5 or SHA-256). */
  readonly credentials?: { readonly username: string; readonly password: string };
}

/** GET /api/sip/requests/:id and the 202 of POST (state 'pending', no status yet). */
export interface SipRequestOutcome {
  readonly id: string;
  readonly method: string;
  readonly uri: string;
  readonly state: 'pending' | 'completed';
  /** Final status code: 408 when Timer B/F fired, 503 when the next hop could not be reached. */
  readonly status?: number;
  readonly reason?: string;
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly body?: string;
  readonly callId: string;
  readonly sentAt: number;
  readonly completedAt?: number;
}

/** POST /api/calls: third-party call control (RFC 3725 flow I) between two SIP URIs. */
export interface OriginateCallBody {
  readonly a: string;
  readonly b: string;
  /** Used once on either leg's INVITE when challenged with 401/407 (digest). */
  readonly credentials?: { readonly username: string; readonly password: string };
}

/** 202 of POST /api/calls. */
export interface OriginateCallResponse {
  readonly callId: string;
}

/** DELETE /api/calls/:callId (202). */
export interface EndCallResponse {
  readonly callId: string;
  /** 'originated': a 3PCC call; 'proxied': a call through the proxy. */
  readonly kind: 'originated' | 'proxied';
}

/** POST /api/calls/:callId/requests: a request inside one leg's dialog. */
export interface InDialogRequestBody {
  /** 'a' or 'b' (originated calls). */
  readonly leg: 'a' | 'b';
  /** INFO, NOTIFY, INVITE (re-INVITE, body = new SDP), REFER, OPTIONS, MESSAGE, UPDATE. */
  readonly method: string;
  readonly headers?: ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;
  readonly body?: string;
  readonly contentType?: string;
}

/** Live events (WebSocket /api/events, webhooks) produced by call control. */
export type CallControlEvent =
  | {
      readonly kind: 'request-outcome';
      readonly id: string;
      readonly callId: string;
      readonly status: number;
      readonly reason: string;
      readonly outcome: SipRequestOutcome;
    }
  | { readonly kind: 'call-ringing'; readonly callId: string; readonly leg: 'a' | 'b'; readonly at: number }
  | { readonly kind: 'call-answered'; readonly callId: string; readonly at: number }
  | {
      /**
       * A or B sent a re-INVITE or UPDATE with a new session (hold, a new address, a codec
       * change); the engine passed it to the other leg, which accepted it. A refusal by the other
       * leg goes back to the sender with its status and no event: the old session stays.
       */
      readonly kind: 'call-media-changed';
      readonly callId: string;
      /** The leg that asked for the change. */
      readonly by: 'a' | 'b';
      readonly method: 'INVITE' | 'UPDATE';
      /** When its request arrived; `at` is when both legs had the new session. */
      readonly startedAt: number;
      readonly at: number;
    }
  | {
      readonly kind: 'call-ended';
      readonly callId: string;
      readonly at: number;
      readonly outcome: 'completed' | 'failed' | 'cancelled';
      readonly status?: number;
      readonly reason: string;
      readonly by?: 'a' | 'b' | 'api';
    };
