// The runtime's read-only window on a request (RequestView in sip-stack-types.ts). Everything
// beyond the start line is computed on first read and remembered: a flow that only looks at the
// method costs no header parsing at all (STYLE.md: headers parsed lazily).

import { parse as parseSdp } from 'sdp-transform';
import type { SessionDescription } from 'sdp-transform';
import { getCallId, getFrom, getTo } from '../message/accessors';
import { canonicalHeaderName, headerKey, isListHeader } from '../message/header-names';
import { isSdpType } from '../message/media-type';
import type { Param } from '../message/parse-params';
import { parseNameAddr } from '../message/parse-name-addr';
import type { NameAddr } from '../message/parse-name-addr';
import { parseUri } from '../message/parse-uri';
import type { Uri } from '../message/parse-uri';
import type { SipMessage, SipRequest } from '../message/sip-message';
import type { AddressView, RequestView, TransportName, UriParts } from '../sip-stack-types';

export function requestView(req: SipRequest, transport: TransportName = 'udp'): RequestView {
  return new LazyRequestView(req, transport);
}

class LazyRequestView implements RequestView {
  private cache: Partial<{
    uriParts: UriParts;
    from: AddressView;
    to: AddressView;
    contact: AddressView | null;
    sdp: SessionDescription | null;
  }> = {};

  constructor(
    private readonly req: SipRequest,
    readonly transport: TransportName,
  ) {}

  get method(): string {
    return this.req.method;
  }
  get uri(): string {
    return this.req.uri;
  }
  get callId(): string {
    return getCallId(this.req) ?? '';
  }
  get fromUri(): string {
    return getFrom(this.req)?.uri.raw ?? '';
  }
  get toUri(): string {
    return getTo(this.req)?.uri.raw ?? '';
  }
  get body(): Uint8Array {
    return this.req.body;
  }

  header(name: string): string | undefined {
    return this.req.headers.get(name);
  }

  headers(name: string): string[] {
    return isListHeader(name) ? this.req.headers.values(name) : this.req.headers.getAll(name);
  }

  headerNames(): string[] {
    const seen = new Map<string, string>();
    for (const f of this.req.headers.fields) {
      const key = headerKey(f.name);
      if (!seen.has(key)) seen.set(key, canonicalHeaderName(f.name));
    }
    return [...seen.values()];
  }

  get uriParts(): UriParts {
    return (this.cache.uriParts ??= uriParts(parseUri(this.req.uri)));
  }

  get from(): AddressView {
    return (this.cache.from ??= addressView(getFrom(this.req), this.req.headers.get('from')));
  }

  get to(): AddressView {
    return (this.cache.to ??= addressView(getTo(this.req), this.req.headers.get('to')));
  }

  get contact(): AddressView | undefined {
    if (this.cache.contact === undefined) {
      const first = this.req.headers.values('contact')[0];
      const na = first === undefined || first.trim() === '*' ? undefined : parseNameAddr(first);
      this.cache.contact = na === undefined || 'error' in na ? null : addressView(na, first);
    }
    return this.cache.contact ?? undefined;
  }

  get sdp(): SessionDescription | undefined {
    if (this.cache.sdp === undefined) this.cache.sdp = parseSdpBody(this.req) ?? null;
    return this.cache.sdp ?? undefined;
  }
}

/** The body parsed by sdp-transform when the message says it is application/sdp. */
export function parseSdpBody(msg: SipMessage): SessionDescription | undefined {
  return parseSdpOf(msg.body, msg.headers.get('content-type'));
}

/** The SDP in a body of this Content-Type, or undefined when it is not SDP or not parseable. */
export function parseSdpOf(
  body: Uint8Array,
  contentType: string | undefined,
): SessionDescription | undefined {
  if (body.byteLength === 0 || !isSdpType(contentType)) return undefined;
  try {
    return parseSdp(Buffer.from(body).toString('utf8'));
  } catch {
    return undefined; // sdp-transform is lenient; an exception means there is nothing usable
  }
}

function paramRecord(params: readonly Param[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) {
    const name = p.name.toLowerCase();
    if (!(name in out)) out[name] = p.value ?? '';
  }
  return out;
}

export function uriParts(uri: Uri | { kind: 'error' }): UriParts {
  if (uri.kind === 'sip') {
    return {
      scheme: uri.scheme,
      user: uri.user,
      host: uri.host,
      port: uri.port,
      params: paramRecord(uri.params),
    };
  }
  return {
    scheme: uri.kind === 'absolute' ? uri.scheme : '',
    user: undefined,
    host: '',
    port: undefined,
    params: {},
  };
}

function addressView(na: NameAddr | { error: string } | undefined, raw: string | undefined): AddressView {
  if (na === undefined || 'error' in na) {
    return { uri: raw ?? '', user: undefined, host: '', params: {}, headerParams: {} };
  }
  const parts = uriParts(na.uri);
  const headerParams = paramRecord(na.params);
  const tag = headerParams['tag'];
  return {
    ...(na.displayName !== undefined ? { displayName: na.displayName } : {}),
    uri: na.uri.raw,
    user: parts.user,
    host: parts.host,
    params: parts.params,
    ...(tag !== undefined ? { tag } : {}),
    headerParams,
  };
}
