// Flow-level checks over the compiled graph: cycles that never wait for anything (they would spin
// until the runtime's step limit) and paths of an INVITE flow that end without any response.
import type { CompileIssue } from './compile-issue';

export interface PathNode {
  readonly type: string;
  readonly ports: readonly string[];
  readonly next: Readonly<Record<string, string>>;
}

/** Nodes that wait for the network: a cycle through one of them is a retry loop, not a spin. */
const WAITS = new Set(['relay', 'fork', 'http-request', 'subflow']);
/** Nodes that end the flow with a response of their own. */
const RESPONDS = new Set(['respond', 'redirect']);
/** Ports after which the caller has its final answer (a 2xx already went upstream). */
const ANSWERED_PORTS: Record<string, readonly string[]> = {
  relay: ['answered'],
  fork: ['answered'],
  subflow: ['answered', 'rejected'],
};
/** A failure port of Relay/Fork with no edge sends the best response upstream: that ends well. */
const FAILURE_PORTS = new Set(['busy', 'no-answer', 'rejected', 'unreachable', 'failed']);

export function checkLoops(nodes: ReadonlyMap<string, PathNode>): CompileIssue[] {
  // Tarjan's strongly connected components; a component with a cycle and no waiting node spins.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const issues: CompileIssue[] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of Object.values(nodes.get(v)?.next ?? {})) {
      if (!nodes.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) !== idx.get(v)) return;
    const comp: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      comp.push(w);
      if (w === v) break;
    }
    const cyclic = comp.length > 1 || Object.values(nodes.get(v)?.next ?? {}).includes(v);
    if (cyclic && !comp.some((id) => WAITS.has(nodes.get(id)?.type ?? ''))) {
      const first = [...comp].sort()[0]!;
      issues.push({
        severity: 'error',
        code: 'LOOP_WITHOUT_WAIT',
        nodeId: first,
        field: null,
        message: `These nodes form a loop with no Relay, Fork or HTTP request in it: ${[...comp].sort().join(' → ')}.`,
      });
    }
  };
  for (const id of nodes.keys()) if (!idx.has(id)) visit(id);
  return issues;
}

/**
 * Walks every path from the entry; a port with no edge on a node that neither responds nor relays,
 * reached before the caller has a final answer, is reported (an error for INVITE flows, where the
 * caller would wait for ever; a warning otherwise: the runtime answers 500).
 */
export function checkResponsePaths(
  nodes: ReadonlyMap<string, PathNode>,
  entry: string,
  invite: boolean,
  skipPorts: ReadonlySet<string>,
): CompileIssue[] {
  const issues: CompileIssue[] = [];
  const seen = new Set<string>();
  const reported = new Set<string>();
  const walk = (id: string, answered: boolean): void => {
    const key = `${id}\u0000${answered}`;
    if (seen.has(key)) return;
    seen.add(key);
    const node = nodes.get(id);
    if (!node || RESPONDS.has(node.type)) return;
    for (const port of node.ports) {
      const nextAnswered = answered || (ANSWERED_PORTS[node.type] ?? []).includes(port);
      const target = node.next[port];
      if (target !== undefined) {
        walk(target, nextAnswered);
        continue;
      }
      if (nextAnswered) continue;
      if ((node.type === 'relay' || node.type === 'fork') && FAILURE_PORTS.has(port)) continue;
      // A failure port without its own edge falls back to "failed" (Relay/Fork) or "next": not an end.
      if (fallsBack(node, port)) continue;
      const where = `${id}\u0000${port}`;
      if (skipPorts.has(where) || reported.has(where)) continue;
      reported.add(where);
      issues.push({
        severity: invite ? 'error' : 'warning',
        code: 'PATH_WITHOUT_RESPONSE',
        nodeId: id,
        field: `ports.${port}`,
        message: `The flow ends here (port "${port}" has no edge) before the caller has a final response; connect it to a Respond or a Relay.`,
      });
    }
  };
  walk(entry, false);
  return issues;
}

function fallsBack(node: PathNode, port: string): boolean {
  if (node.type === 'translate-number' && port === 'no-match') return true;
  if (node.type === 'sdp-codecs' && port === 'no-codec') return true;
  // With no edge there, a bad URI is a step error and the caller gets a 500.
  if (node.type === 'rewrite-uri' && port === 'invalid') return true;
  return false;
}
