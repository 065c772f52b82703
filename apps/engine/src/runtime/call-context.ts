// What a node op sees of the call it runs for: the request (with the edits made so far), the
// proxy's handle to answer or relay it, the call's variables and last relay outcome, and a place
// to note what it read and changed (the trace step's detail). Every edit goes through here, so
// that expressions see it and the trace records it (before → after).
import type { CelContext, CelAddress } from '@patchbay/shared/expr';
import type {
  AddressView,
  ForkOptions,
  ProxiedRequest,
  RelayOptions,
  RelayOutcome,
  RequestView,
} from '../sip/sip-stack-types';
import type { HttpClient } from './http-client';

export interface Change {
  readonly what: 'header' | 'uri' | 'var' | 'sdp';
  readonly name?: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface CallServices {
  readonly http: HttpClient;
  readonly now: () => Date;
  readonly random: () => number;
  /** Runs the live version of another flow for this call; undefined when none is deployed. */
  readonly subflow: (flowId: string, call: CallContext) => Promise<'ran' | 'missing'>;
}

export class CallContext {
  /** Detail of the step being run; reset by the runner before each node. */
  detail: Record<string, unknown> = {};
  /** What the step being run changed; reset by the runner before each node. */
  changes: Change[] = [];
  /** Id of the node being run (steps of a subflow: "flowId/nodeId"). */
  nodeId = '';
  /** Step counter of the call (shared with subflows). */
  seq = 0;
  /** Subflow depth, to stop a flow that calls itself. */
  depth = 0;
  /** Set once a final response has gone upstream (ours, a relayed 2xx, or the best response). */
  finalSent = false;
  finalStatus: number | undefined;
  finalReason: string | undefined;
  readonly vars: Record<string, unknown> = {};
  response: { status: number; reason: string } = { status: 0, reason: '' };
  private headerMap: Map<string, string[]> | undefined;
  private uriText: string | undefined;
  private sdpText: string | undefined;
  private celCache: CelContext | undefined;

  constructor(
    readonly proxied: ProxiedRequest,
    readonly onFinal: (status: number) => void,
    readonly services: CallServices,
  ) {}

  get request(): RequestView {
    return this.proxied.request;
  }

  get callId(): string {
    return this.proxied.request.callId;
  }

  note(key: string, value: unknown): void {
    this.detail[key] = value;
  }

  /** Send a final response of our own, once. Returns false when one was sent already. */
  respond(status: number, reason: string, headers: ReadonlyArray<readonly [string, string]> = []): boolean {
    if (this.finalSent) return false;
    this.proxied.respond(status, reason, headers);
    this.finalReason = reason;
    this.markFinal(status);
    return true;
  }

  markFinal(status: number, reason?: string): void {
    if (this.finalSent) return;
    this.finalSent = true;
    this.finalStatus = status;
    if (reason !== undefined) this.finalReason = reason;
    this.onFinal(status);
  }

  async relay(target: string, options: RelayOptions): Promise<RelayOutcome> {
    return this.recordOutcome(await this.proxied.relay(target, options));
  }

  async fork(targets: readonly string[], options: ForkOptions): Promise<RelayOutcome> {
    return this.recordOutcome(await this.proxied.fork(targets, options));
  }

  private recordOutcome(outcome: RelayOutcome): RelayOutcome {
    this.response =
      outcome.kind === 'response'
        ? { status: outcome.status, reason: outcome.reason }
        : outcome.kind === 'timeout'
          ? { status: 408, reason: 'Request Timeout' }
          : { status: 503, reason: 'Service Unavailable' };
    this.celCache = undefined;
    return outcome;
  }

  // --- the request as edited so far -------------------------------------------------------

  /** The Request-URI as rewritten so far. */
  get uri(): string {
    return this.uriText ?? this.request.uri;
  }

  headerValues(name: string): string[] {
    return this.headers().get(name.toLowerCase()) ?? [];
  }

  setHeader(name: string, value: string, mode: 'set' | 'add' = 'set'): void {
    const key = name.toLowerCase();
    const before = this.headers().get(key) ?? [];
    if (mode === 'set') this.proxied.edits.setHeader(name, value);
    else this.proxied.edits.addHeader(name, value);
    const after = mode === 'set' ? [value] : [...before, value];
    this.headers().set(key, after);
    this.changed({ what: 'header', name, before, after });
  }

  removeHeader(name: string): void {
    const key = name.toLowerCase();
    const before = this.headers().get(key) ?? [];
    this.proxied.edits.removeHeader(name);
    this.headers().delete(key);
    this.changed({ what: 'header', name, before, after: [] });
  }

  setUri(uri: string): void {
    const before = this.uri;
    this.proxied.edits.setUri(uri);
    this.uriText = uri;
    this.changed({ what: 'uri', before, after: uri });
  }

  get sdpBody(): string {
    return this.sdpText ?? (this.request.sdp ? new TextDecoder().decode(this.request.body) : '');
  }

  setSdp(text: string): void {
    const before = this.sdpBody;
    this.proxied.edits.setBody(new TextEncoder().encode(text), 'application/sdp');
    this.sdpText = text;
    this.changed({ what: 'sdp', before, after: text });
  }

  setVar(name: string, value: unknown): void {
    const before = this.vars[name];
    this.vars[name] = value;
    this.changed({ what: 'var', name, before, after: value });
  }

  private changed(c: Change): void {
    this.changes.push(c);
    this.celCache = undefined;
  }

  private headers(): Map<string, string[]> {
    if (!this.headerMap) {
      this.headerMap = new Map();
      for (const name of this.request.headerNames())
        this.headerMap.set(name.toLowerCase(), this.request.headers(name));
    }
    return this.headerMap;
  }

  // --- what CEL expressions see ------------------------------------------------------------

  cel(): CelContext {
    if (this.celCache) return this.celCache;
    const req = this.request;
    const src = this.proxied.source;
    const uri = this.uriText === undefined ? req.uriParts : parseUriLite(this.uriText);
    const sdp = this.sdpText === undefined ? req.sdp : undefined;
    const headers: Record<string, string[]> = {};
    for (const [k, v] of this.headers()) headers[k] = v;
    const ctx: CelContext = {
      request: {
        method: req.method,
        uriText: this.uri,
        uri: {
          scheme: uri.scheme,
          user: uri.user ?? '',
          host: uri.host,
          port: BigInt(uri.port ?? 0),
          params: uri.params,
        },
        headers,
        from: address(req.from),
        to: address(req.to),
        contact: address(req.contact),
        body: new TextDecoder().decode(req.body),
        sdp: sdpSummary(sdp, this.sdpText),
      },
      source: { ip: src.address, port: BigInt(src.port), transport: src.transport },
      vars: this.vars,
      response: { status: BigInt(this.response.status), reason: this.response.reason, headers: {} },
      now: this.services.now(),
    };
    this.celCache = ctx;
    return ctx;
  }
}

function address(a: AddressView | undefined): CelAddress {
  return {
    uri: a?.uri ?? '',
    user: a?.user ?? '',
    host: a?.host ?? '',
    params: a?.params ?? {},
    displayName: a?.displayName ?? '',
    tag: a?.tag ?? '',
  };
}

interface SdpLike {
  connection?: { ip: string };
  media: Array<{ type: string; rtp: Array<{ codec: string }>; connection?: { ip: string } }>;
}

function sdpSummary(sdp: SdpLike | undefined, edited: string | undefined): CelContext['request']['sdp'] {
  if (!sdp && edited !== undefined) return sdpFromText(edited);
  if (!sdp) return { present: false, codecs: [], address: '', media: [] };
  return {
    present: true,
    codecs: sdp.media.flatMap((m) => m.rtp.map((r) => r.codec)),
    address: sdp.connection?.ip ?? sdp.media[0]?.connection?.ip ?? '',
    media: sdp.media.map((m) => m.type),
  };
}

/** A light reading of an edited SDP body (rtpmap names, c= and m= lines). */
function sdpFromText(text: string): CelContext['request']['sdp'] {
  const lines = text.split(/\r?\n/);
  return {
    present: text.trim() !== '',
    codecs: lines.flatMap((l) => /^a=rtpmap:\d+ ([^/\s]+)/.exec(l)?.slice(1) ?? []),
    address: lines.map((l) => /^c=IN IP[46] (\S+)/.exec(l)?.[1]).find((x) => x !== undefined) ?? '',
    media: lines.flatMap((l) => /^m=(\S+)/.exec(l)?.slice(1) ?? []),
  };
}

/** Parts of a rewritten Request-URI, enough for expressions (sip:user@host:port;params). */
export function parseUriLite(uri: string): {
  scheme: string;
  user: string | undefined;
  host: string;
  port: number | undefined;
  params: Record<string, string>;
} {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:([^@;?]*)@)?(\[[^\]]+\]|[^:;?]*)(?::(\d+))?((?:;[^?]*)?)/.exec(
    uri,
  );
  if (!m) return { scheme: '', user: undefined, host: '', port: undefined, params: {} };
  const params: Record<string, string> = {};
  for (const p of (m[5] ?? '').split(';').filter(Boolean)) {
    const [k = '', v = ''] = p.split('=');
    params[k.toLowerCase()] = v;
  }
  return {
    scheme: (m[1] ?? '').toLowerCase(),
    user: m[2],
    host: m[3] ?? '',
    port: m[4] === undefined ? undefined : Number(m[4]),
    params,
  };
}
