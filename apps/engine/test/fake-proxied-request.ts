// A ProxiedRequest that records what the runtime asked of it, for runtime unit tests. SIP on
// the wire is tested with SIPp; this only stands in for the proxy core's interface.
import type { ProxiedRequest, RelayOutcome, RequestView } from '../src/sip/sip-stack-types';

export interface FakeCalls {
  responses: Array<{ status: number; reason: string }>;
  relays: string[];
  bestSent: number;
}

export function fakeRequest(
  method: string,
  outcome: RelayOutcome = { kind: 'response', status: 200, reason: 'OK' },
  callId = `call-${Math.random().toString(36).slice(2)}`,
): { proxied: ProxiedRequest; calls: FakeCalls } {
  const calls: FakeCalls = { responses: [], relays: [], bestSent: 0 };
  const request: RequestView = {
    method,
    uri: 'sip:bob@example.net',
    callId,
    fromUri: 'sip:alice@example.org',
    toUri: 'sip:bob@example.net',
    header: () => undefined,
    body: new Uint8Array(),
    // Added with the SIP contract extension (RequestView.headers … transport); a real view is
    // built by sip/proxy/request-view.ts.
    headers: () => [],
    headerNames: () => [],
    uriParts: { scheme: 'sip', user: 'bob', host: 'example.net', port: undefined, params: {} },
    from: { uri: 'sip:alice@example.org', user: 'alice', host: 'example.org', params: {}, headerParams: {} },
    to: { uri: 'sip:bob@example.net', user: 'bob', host: 'example.net', params: {}, headerParams: {} },
    contact: undefined,
    sdp: undefined,
    transport: 'udp',
  };
  const proxied: ProxiedRequest = {
    request,
    source: { transport: 'udp', address: '127.0.0.1', port: 5099 },
    receivedAt: Date.now(),
    respond: (status, reason) => {
      calls.responses.push({ status, reason });
    },
    relay: async (target) => {
      calls.relays.push(target);
      return outcome;
    },
    sendBestResponse: () => {
      calls.bestSent++;
    },
    fork: async (targets) => {
      calls.relays.push(...targets);
      return outcome;
    },
    edits: {
      setHeader: () => undefined,
      addHeader: () => undefined,
      removeHeader: () => undefined,
      setUri: () => undefined,
      setBody: () => undefined,
    },
  };
  return { proxied, calls };
}
