// Lanes of the SIP ladder: the caller on the left, Patchbay in the middle, everyone it talked to
// on the right, each in order of first appearance.
import type { TraceMessage } from '@patchbay/shared/api';

export const ENGINE_LANE = 'Patchbay';

export interface LadderRow {
  readonly message: TraceMessage;
  readonly from: number;
  readonly to: number;
}

export interface Ladder {
  readonly lanes: readonly string[];
  readonly rows: readonly LadderRow[];
}

export function buildLadder(messages: readonly TraceMessage[]): Ladder {
  const ordered = [...messages].sort((a, b) => a.seq - b.seq);
  const caller = ordered.find((m) => m.direction === 'in')?.peer ?? ordered[0]?.peer;
  const others: string[] = [];
  for (const m of ordered) if (m.peer !== caller && !others.includes(m.peer)) others.push(m.peer);
  const lanes = caller === undefined ? [ENGINE_LANE] : [caller, ENGINE_LANE, ...others];
  const engine = lanes.indexOf(ENGINE_LANE);
  const rows = ordered.map((message) => {
    const peer = lanes.indexOf(message.peer);
    return message.direction === 'in'
      ? { message, from: peer, to: engine }
      : { message, from: engine, to: peer };
  });
  return { lanes, rows };
}

export interface MessageSummary {
  readonly kind: 'request' | 'response';
  /** "INVITE" or "486 Busy Here" */
  readonly title: string;
  /** The request URI, for requests. */
  readonly detail: string;
  /** Status class for colouring: 1..6, or 0 for requests. */
  readonly klass: number;
}

/** Reads a start line: "INVITE sip:bob@b SIP/2.0" or "SIP/2.0 486 Busy Here". */
export function summarizeStartLine(line: string): MessageSummary {
  const response = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/i.exec(line);
  if (response) {
    const code = response[1] ?? '';
    return {
      kind: 'response',
      title: `${code} ${response[2] ?? ''}`.trim(),
      detail: '',
      klass: Number(code[0]),
    };
  }
  const [method = line, uri = ''] = line.split(/\s+/);
  return { kind: 'request', title: method, detail: uri, klass: 0 };
}

/** "udp:127.0.0.1:5062" → "127.0.0.1:5062" with its transport apart. */
export function splitPeer(peer: string): { transport: string; address: string } {
  const m = /^(udp|tcp|tls|ws|wss):(.*)$/i.exec(peer);
  return m
    ? { transport: (m[1] ?? '').toUpperCase(), address: m[2] ?? '' }
    : { transport: '', address: peer };
}
