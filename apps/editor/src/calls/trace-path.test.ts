import { describe, expect, it } from 'vitest';
import type { TraceStep } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '../../../../shared/src/compiler/fixtures/relay-with-busy.flow.json';
import { tracePath } from './trace-path';

const doc = relayWithBusy as FlowDocument;
const step = (seq: number, nodeId: string, port: string | null): TraceStep => ({
  seq,
  nodeId,
  port,
  startedAt: '2025-01-01T00:00:00.000Z',
  durationUs: 10,
  detail: {},
});

describe('tracePath', () => {
  it('lights the nodes run and the edges taken between consecutive steps', () => {
    const path = tracePath(doc, [
      step(2, 'busy', null),
      step(0, 'start', 'next'),
      step(1, 'relay', 'failed'),
    ]);
    expect([...path.nodeIds].sort()).toEqual(['busy', 'relay', 'start']);
    expect([...path.edgeIds].sort()).toEqual(['e1', 'e2']);
    expect(path.lastStep.get('relay')?.port).toBe('failed');
  });

  it('does not light an edge whose port was not the one taken', () => {
    const path = tracePath(doc, [step(0, 'start', 'next'), step(1, 'relay', 'answered')]);
    expect([...path.edgeIds]).toEqual(['e1']);
    expect(path.nodeIds.has('busy')).toBe(false);
  });

  it('does not light an edge when the next step is elsewhere', () => {
    const path = tracePath(doc, [step(0, 'start', 'next'), step(1, 'busy', null)]);
    expect(path.edgeIds.size).toBe(0);
  });

  it('is empty without steps', () => {
    expect(tracePath(doc, []).nodeIds.size).toBe(0);
  });
});
