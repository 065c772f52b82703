// RouteProgram → linked plain functions, once per deploy (no eval). The engine runs linked
// programs, never raw graphs; a running call keeps the LinkedProgram it started with, so a new
// deploy never changes a call in flight. Expressions are compiled here, never per call.
import type { NodeTypeDef, ParamsOf } from '@patchbay/shared/nodes';
import type { FlowDocument } from '@patchbay/shared/flow';
import type { RouteProgram } from '@patchbay/shared/program';
import type { NodeRun, Op } from './define-op';
import { ops } from './ops/index';
import { compileMatch, type RequestMatcher } from './select-flow';

export interface LinkedNode {
  readonly id: string;
  readonly op: string;
  readonly run: NodeRun<string>;
  readonly next: Readonly<Record<string, string>>;
}

export interface TraceSettings {
  readonly level: 'off' | 'errors' | 'sampled' | 'full';
  readonly samplePercent: number;
}

export interface LinkedProgram {
  readonly flowId: string;
  readonly version: number;
  readonly methods: ReadonlySet<string>;
  readonly priority: number;
  readonly matches: RequestMatcher;
  readonly trace: TraceSettings;
  readonly entry: LinkedNode;
  readonly nodes: ReadonlyMap<string, LinkedNode>;
  readonly program: RouteProgram;
  readonly document: FlowDocument;
}

export class LinkError extends Error {}

export function linkProgram(program: RouteProgram, document: FlowDocument): LinkedProgram {
  const nodes = new Map<string, LinkedNode>();
  for (const [id, node] of Object.entries(program.nodes)) {
    const op = (ops as Record<string, Op<NodeTypeDef>>)[node.op];
    if (!op) throw new LinkError(`node "${id}": no op for type "${node.op}"`);
    let run: NodeRun<string>;
    try {
      run = op.link(node.params as ParamsOf<NodeTypeDef>, {
        nodeId: id,
        hasEdge: (port) => Object.hasOwn(node.next, port),
      });
    } catch (err) {
      throw new LinkError(`node "${id}": ${(err as Error).message}`);
    }
    nodes.set(id, { id, op: node.op, run, next: node.next });
  }
  const entry = nodes.get(program.entry);
  if (!entry) throw new LinkError(`entry node "${program.entry}" does not exist`);
  return {
    flowId: program.flowId,
    version: program.version,
    methods: new Set(program.match.methods),
    priority: program.match.priority ?? 0,
    matches: compileMatch(program.match),
    trace: { level: program.trace?.level ?? 'full', samplePercent: program.trace?.samplePercent ?? 100 },
    entry,
    nodes,
    program,
    document,
  };
}
