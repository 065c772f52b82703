// Which nodes and edges a call went through, from its trace steps. A node is on the path when a
// step ran it; an edge is taken when a step at its source left by its port and the next step
// ran its target.
import type { TraceStep } from '@patchbay/shared/api';
import type { FlowDocument } from '@patchbay/shared/flow';

export interface TracePath {
  readonly nodeIds: ReadonlySet<string>;
  readonly edgeIds: ReadonlySet<string>;
  /** The last step of each node (a node may run more than once in later flows). */
  readonly lastStep: ReadonlyMap<string, TraceStep>;
}

export function tracePath(doc: FlowDocument, steps: readonly TraceStep[]): TracePath {
  const ordered = [...steps].sort((a, b) => a.seq - b.seq);
  const edgeIds = new Set<string>();
  const lastStep = new Map<string, TraceStep>();
  ordered.forEach((step, i) => {
    lastStep.set(step.nodeId, step);
    const next = ordered[i + 1];
    if (step.port === null || !next) return;
    for (const e of doc.edges)
      if (e.source === step.nodeId && e.port === step.port && e.target === next.nodeId) edgeIds.add(e.id);
  });
  return { nodeIds: new Set(lastStep.keys()), edgeIds, lastStep };
}
