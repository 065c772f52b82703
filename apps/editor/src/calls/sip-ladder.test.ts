import { describe, expect, it } from 'vitest';
import type { TraceMessage } from '@patchbay/shared/api';
import { ladderText } from './sip-ladder';

const message = (seq: number, direction: 'in' | 'out', text: string): TraceMessage => ({
  seq,
  at: `2026-11-28T15:00:0${seq}.000Z`,
  direction,
  peer: 'udp:127.0.0.1:5062',
  transport: 'udp',
  summary: text.split('\r\n')[0] ?? '',
  text,
});

describe('ladderText', () => {
  it('copies every message whole, in order, headed by when and which way it went', () => {
    const text = ladderText([
      message(1, 'in', 'INVITE sip:b@x SIP/2.0\r\nCall-ID: 1\r\n\r\n'),
      message(2, 'out', 'SIP/2.0 486 Busy Here\r\nCall-ID: 1\r\n\r\n'),
    ]);
    expect(text).toBe(
      '--- 2026-11-28T15:00:01.000Z IN from udp:127.0.0.1:5062 ---\nINVITE sip:b@x SIP/2.0\nCall-ID: 1\n\n\n' +
        '--- 2026-11-28T15:00:02.000Z OUT to udp:127.0.0.1:5062 ---\nSIP/2.0 486 Busy Here\nCall-ID: 1\n\n',
    );
  });
});
