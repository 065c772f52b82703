// Helpers for runtime tests: a real RequestView from SIP text (the engine's parser), a
// ProxiedRequest that records what the runtime asked of it (responses, relays, edits), and a
// tiny flow builder. SIP on the wire is tested with SIPp; this stands in for the proxy core only.
import { compileFlow } from '@patchbay/shared/compiler';
import type { FlowDocument, FlowSettings } from '@patchbay/shared/flow';
import type {
  ForkOptions,
  Peer,
  ProxiedRequest,
  RelayOptions,
  RelayOutcome,
  RequestView,
} from '../sip/sip-stack-types';
import type { HttpClient } from './http-client';
import { Runtime } from './runtime';
import { parseSipRequest } from './simulate';
import type { TraceEvent } from './trace-sink';

export const INVITE = `INVITE sip:0612345678@pbx.example.net SIP/2.0
Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-1
Max-Forwards: 70
From: "Alice" <sip:alice@a.example>;tag=a1
To: <sip:0612345678@pbx.example.net>
Call-ID: CALLID
CSeq: 1 INVITE
Contact: <sip:alice@10.0.0.9:5060>
Authorization: Digest username="alice", response="abc"
X-Tenant: acme
Content-Type: application/sdp

v=0
o=- 1 1 IN IP4 10.0.0.9
s=-
c=IN IP4 10.0.0.9
t=0 0
m=audio 4000 RTP/AVP 0 8 9 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:9 G722/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
`;

export function sipView(text = INVITE, callId = `c-${Math.random().toString(36).slice(2)}`): RequestView {
  const v = parseSipRequest(text.replace('CALLID', callId));
  if ('error' in v) throw new Error(v.error.reason);
  return v;
}

export interface Recorded {
  responses: Array<{ status: number; reason: string; headers: ReadonlyArray<readonly [string, string]> }>;
  relays: Array<{ target: string; options: RelayOptions | ForkOptions; targets?: readonly string[] }>;
  edits: string[];
  bestSent: number;
}

export function recordingRequest(
  view: RequestView,
  outcomes: RelayOutcome[] = [{ kind: 'response', status: 200, reason: 'OK' }],
  source: Peer = { transport: 'udp', address: '10.0.0.9', port: 5060 },
): { proxied: ProxiedRequest; rec: Recorded } {
  const rec: Recorded = { responses: [], relays: [], edits: [], bestSent: 0 };
  let n = 0;
  const next = (): RelayOutcome => outcomes[Math.min(n++, outcomes.length - 1)]!;
  const proxied: ProxiedRequest = {
    request: view,
    source,
    receivedAt: Date.now(),
    respond: (status, reason, headers = []) => void rec.responses.push({ status, reason, headers }),
    relay: (target, options = {}) => {
      rec.relays.push({ target, options });
      return Promise.resolve(next());
    },
    fork: (targets, options) => {
      rec.relays.push({ target: targets.join(','), targets, options });
      return Promise.resolve(next());
    },
    sendBestResponse: () => void rec.bestSent++,
    edits: {
      setHeader: (name, value) => void rec.edits.push(`set ${name}: ${value}`),
      addHeader: (name, value) => void rec.edits.push(`add ${name}: ${value}`),
      removeHeader: (name) => void rec.edits.push(`remove ${name}`),
      setUri: (uri) => void rec.edits.push(`uri ${uri}`),
      setBody: (body, type) => void rec.edits.push(`body ${type} ${new TextDecoder().decode(body)}`),
    },
  };
  return { proxied, rec };
}

type NodeSpec = [id: string, type: string, params?: Record<string, unknown>];

/** flow([[id, type, params]…], [[from, port, to]…]): a Start node is added unless given. */
export function flow(
  nodes: NodeSpec[],
  edges: Array<[string, string, string]>,
  id = 'f',
  settings?: FlowSettings,
): FlowDocument {
  const all = nodes.some(([, t]) => t === 'start')
    ? nodes
    : ([['start', 'start', {}], ...nodes] as NodeSpec[]);
  return {
    schema: 1,
    id,
    name: id,
    nodes: all.map(([nid, type, params = {}], i) => ({
      id: nid,
      type,
      position: { x: i * 100, y: 0 },
      params,
    })),
    edges: edges.map(([source, port, target], i) => ({ id: `e${i}`, source, port, target })),
    ...(settings === undefined ? {} : { settings }),
  };
}

export function deployed(
  docs: FlowDocument[],
  options: {
    http?: HttpClient;
    now?: () => Date;
    random?: () => number;
    defaultResponse?: { status: number; reason: string };
  } = {},
): { runtime: Runtime; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  const runtime = new Runtime({ push: (e) => events.push(e) }, options);
  for (const doc of docs) {
    const compiled = compileFlow(doc, { version: 1 });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    runtime.deploy(compiled.program, doc);
  }
  return { runtime, events };
}

export const settle = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function stepsOf(events: TraceEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'step' ? [`${e.nodeId}:${e.port}`] : []));
}

export function detailOf(events: TraceEvent[], nodeId: string): Record<string, unknown> {
  const e = events.find((x) => x.kind === 'step' && x.nodeId === nodeId);
  return e?.kind === 'step' ? (e.detail as Record<string, unknown>) : {};
}
