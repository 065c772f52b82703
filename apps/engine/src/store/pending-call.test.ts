import { describe, expect, it } from 'vitest';
import { PendingCall, nextStatus } from './pending-call';

describe('call statuses', () => {
  it('move forward only, and a final status is final', () => {
    expect(nextStatus('trying', 'ringing')).toBe('ringing');
    expect(nextStatus('answered', 'ringing')).toBe('answered');
    expect(nextStatus('answered', undefined)).toBe('answered');
    expect(nextStatus('ringing', 'failed')).toBe('failed');
    expect(nextStatus('completed', 'failed')).toBe('completed');
    expect(nextStatus('cancelled', 'answered')).toBe('cancelled');
  });
});

describe('PendingCall', () => {
  it('gathers updates: the first answer time, the last end time and code, statuses in order', () => {
    const call = new PendingCall(10, 0);
    expect(call.updates).toBe(false);
    call.update({ kind: 'call-update', callId: 'c', status: 'ringing' });
    call.update({ kind: 'call-update', callId: 'c', status: 'answered', answeredAt: 12, finalCode: 200 });
    // Answered is not the end: the call is written once it ends (or has waited).
    expect(call.ended).toBe(false);
    call.update({ kind: 'call-update', callId: 'c', answeredAt: 13, endedAt: 20 });
    expect(call.ended).toBe(true);
    call.update({ kind: 'call-update', callId: 'c', status: 'completed', endedAt: 21 });
    expect(call.updates).toBe(true);
    expect({ a: call.answeredAt, e: call.endedAt, f: call.finalCode }).toEqual({ a: 12, e: 21, f: 200 });
    expect(call.statusFrom('trying')).toBe('completed');
    expect(call.statusFrom('failed')).toBe('failed');
  });

  it('starts at its first event or its call-start, whichever is earlier', () => {
    const call = new PendingCall(10, 0);
    expect(call.startedAt).toBe(10);
    const start = {
      kind: 'call-start',
      callId: 'c',
      flowId: null,
      version: null,
      method: 'INVITE',
      from: '',
      to: '',
    } as const;
    call.start = { ...start, at: 12 };
    expect(call.startedAt).toBe(10);
    call.start = { ...start, at: 7 };
    expect(call.startedAt).toBe(7);
  });
});
