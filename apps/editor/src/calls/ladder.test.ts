import { describe, expect, it } from 'vitest';
import type { TraceMessage } from '@patchbay/shared/api';
import { buildLadder, ENGINE_LANE, splitPeer, summarizeStartLine } from './ladder';

const msg = (seq: number, direction: 'in' | 'out', peer: string, summary: string): TraceMessage => ({
  seq,
  at: '2025-01-01T00:00:00.000Z',
  direction,
  peer,
  transport: 'udp',
  summary,
  text: summary + '\r\n\r\n',
});

describe('buildLadder', () => {
  it('puts the caller left, the engine in the middle and the callee right', () => {
    const uac = 'udp:127.0.0.1:5061';
    const uas = 'udp:127.0.0.1:5070';
    const ladder = buildLadder([
      msg(1, 'out', uas, 'INVITE sip:bob@127.0.0.1:5070 SIP/2.0'),
      msg(0, 'in', uac, 'INVITE sip:bob@example.net SIP/2.0'),
      msg(2, 'in', uas, 'SIP/2.0 486 Busy Here'),
      msg(3, 'out', uac, 'SIP/2.0 486 Busy Here'),
    ]);
    expect(ladder.lanes).toEqual([uac, ENGINE_LANE, uas]);
    expect(ladder.rows.map((r) => [r.message.seq, r.from, r.to])).toEqual([
      [0, 0, 1],
      [1, 1, 2],
      [2, 2, 1],
      [3, 1, 0],
    ]);
  });

  it('has only the engine lane without messages', () => {
    expect(buildLadder([])).toEqual({ lanes: [ENGINE_LANE], rows: [] });
  });
});

describe('summarizeStartLine', () => {
  it('reads requests and responses', () => {
    expect(summarizeStartLine('INVITE sip:bob@b.example SIP/2.0')).toEqual({
      kind: 'request',
      title: 'INVITE',
      detail: 'sip:bob@b.example',
      klass: 0,
    });
    expect(summarizeStartLine('SIP/2.0 486 Busy Here')).toEqual({
      kind: 'response',
      title: '486 Busy Here',
      detail: '',
      klass: 4,
    });
  });
});

describe('splitPeer', () => {
  it('separates the transport', () => {
    expect(splitPeer('udp:127.0.0.1:5062')).toEqual({ transport: 'UDP', address: '127.0.0.1:5062' });
    expect(splitPeer('10.0.0.1:5060')).toEqual({ transport: '', address: '10.0.0.1:5060' });
  });
});
