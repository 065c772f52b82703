import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '@patchbay/shared/flow';
import relayWithBusy from '../../../../shared/src/compiler/fixtures/relay-with-busy.flow.json';
import { flowToGraph } from '../store/flow-mapping';
import { autoLayout } from './auto-layout';

describe('autoLayout', () => {
  it('places each node right of the nodes leading to it, without overlaps, keeping the top-left corner', () => {
    const { nodes, edges } = flowToGraph(relayWithBusy as FlowDocument);
    // Scramble the drawing: everything piled up at one spot.
    const piled = nodes.map((n) => ({ ...n, position: { x: 100, y: 50 } }));
    const at = autoLayout(piled, edges);
    const start = at.get('start')!;
    const relay = at.get('relay')!;
    const busy = at.get('busy')!;
    expect(relay.x).toBeGreaterThanOrEqual(start.x + 224);
    expect(busy.x).toBeGreaterThanOrEqual(relay.x + 224);
    expect(Math.min(start.x, relay.x, busy.x)).toBe(100);
    expect(Math.min(start.y, relay.y, busy.y)).toBe(50);
  });

  it('uses measured sizes and places unconnected nodes too', () => {
    const { nodes } = flowToGraph(relayWithBusy as FlowDocument);
    const measured = nodes.map((n) => ({ ...n, measured: { width: 400, height: 300 } }));
    const at = autoLayout(measured, []);
    expect(at.size).toBe(3);
    const ys = [...at.values()].map((p) => p.y).sort((a, b) => a - b);
    // Unconnected nodes stack in one rank, at least a node's height apart.
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(300);
  });
});
