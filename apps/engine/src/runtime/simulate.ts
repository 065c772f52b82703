// Runs a linked program against a pasted request without sending anything: a ProxiedRequest whose
// relay / fork / HTTP outcomes are the ones the caller chose (by node id), and which records the
// final response the caller would get. The same ops and runner as live calls.
import type { SimulatedOutcome } from '@patchbay/shared/api';
import { parseMessage } from '../sip/message/parse-message';
import { requestView } from '../sip/proxy/request-view';
import type { Peer, ProxiedRequest, RelayOutcome, RequestView, TransportName } from '../sip/sip-stack-types';
import { CallContext } from './call-context';
import type { HttpResult } from './http-client';
import type { LinkedProgram } from './link-program';
import type { StepRecord } from './run-call';
import type { Runtime } from './runtime';

export interface SimulationResult {
  readonly steps: StepRecord[];
  readonly final: { status: number; reason: string } | null;
}

export async function simulate(
  runtime: Runtime,
  program: LinkedProgram,
  request: RequestView,
  source: Peer,
  outcomes: Readonly<Record<string, SimulatedOutcome>> = {},
): Promise<SimulationResult> {
  let final: { status: number; reason: string } | null = null;
  let held: { status: number; reason: string } | null = null;
  let call: CallContext | undefined = undefined;
  const outcomeOf = (): SimulatedOutcome | undefined => (call ? outcomes[call.nodeId] : undefined);
  const relayOutcome = (): RelayOutcome => {
    const o = outcomeOf();
    let r: RelayOutcome;
    if (!o || !('kind' in o))
      r = { kind: 'response', status: o?.status ?? 200, reason: o?.reason ?? reasonOf(o?.status ?? 200) };
    else if (o.kind === 'timeout') r = { kind: 'timeout', cause: 'ring' };
    else if (o.kind === 'transport-error') r = { kind: 'transport-error', reason: 'simulated' };
    else r = { kind: 'response', status: 200, reason: 'OK' };
    const status = r.kind === 'response' ? r.status : r.kind === 'timeout' ? 408 : 503;
    const reason = r.kind === 'response' ? r.reason : reasonOf(status);
    if (status < 300) final ??= { status, reason };
    else held = { status, reason };
    return r;
  };
  const proxied: ProxiedRequest = {
    request,
    source,
    receivedAt: Date.now(),
    respond: (status, reason) => {
      if (status >= 200) final ??= { status, reason };
    },
    relay: () => Promise.resolve(relayOutcome()),
    fork: () => Promise.resolve(relayOutcome()),
    sendBestResponse: () => {
      if (held) final ??= held;
    },
    edits: {
      setHeader: () => undefined,
      addHeader: () => undefined,
      removeHeader: () => undefined,
      setUri: () => undefined,
      setBody: () => undefined,
    },
  };
  const services = runtime.servicesWith({
    http: {
      request: (): Promise<HttpResult> => {
        const o = outcomeOf();
        if (o && 'kind' in o && o.kind === 'timeout') return Promise.resolve({ kind: 'timeout' });
        if (o && 'kind' in o && o.kind === 'error')
          return Promise.resolve({ kind: 'error', reason: 'simulated' });
        const body = o && 'kind' in o && o.kind === 'ok' ? (o.body ?? {}) : {};
        const status = o && 'kind' in o && o.kind === 'ok' ? o.status : 200;
        if (status < 200 || status > 299)
          return Promise.resolve({ kind: 'error', reason: `HTTP ${status}`, status });
        return Promise.resolve({ kind: 'ok', status, body, text: JSON.stringify(body) });
      },
    },
  });
  call = new CallContext(proxied, () => {}, services);
  const steps: StepRecord[] = [];
  const ok = await runtime.run(program, call, (s) => steps.push(s));
  if (!ok || !call.finalSent) final ??= { status: 500, reason: 'Server Internal Error' };
  return { steps, final };
}

function reasonOf(status: number): string {
  const reasons: Record<number, string> = {
    200: 'OK',
    408: 'Request Timeout',
    480: 'Temporarily Unavailable',
    486: 'Busy Here',
    503: 'Service Unavailable',
    600: 'Busy Everywhere',
  };
  return reasons[status] ?? (status < 300 ? 'OK' : 'Failed');
}

/** A pasted SIP request as a RequestView, or why it does not parse. */
export function parseSipRequest(
  text: string,
  transport: TransportName = 'udp',
): RequestView | { error: { reason: string; code?: string; offset?: number } } {
  const parsed = parseMessage(new TextEncoder().encode(normalizeSip(text)));
  if (parsed.kind === 'error')
    return { error: { reason: parsed.reason, code: parsed.code, offset: parsed.offset } };
  if (parsed.kind !== 'request') return { error: { reason: 'this is a response, not a request' } };
  return requestView(parsed, transport);
}

/**
 * A pasted request made wire-ready: LF line ends become CRLF, trailing blank lines after the
 * headers of a body-less request are dropped, and Content-Length is set to the body's length.
 */
export function normalizeSip(text: string): string {
  const unified = text.replace(/\r?\n/g, '\r\n').replace(/^\s+/, '');
  const split = unified.indexOf('\r\n\r\n');
  const head = (split < 0 ? unified : unified.slice(0, split)).replace(/\r\n$/, '');
  const body = split < 0 ? '' : unified.slice(split + 4);
  const lines = head.split('\r\n').filter((l) => !/^(content-length|l)\s*:/i.test(l));
  lines.push(`Content-Length: ${new TextEncoder().encode(body).byteLength}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
