// Structural checks of a flow's graph: one Start, edges between existing nodes over known ports,
// one edge per port, required ports connected, every node reachable from Start.
import type { FlowDocument } from '../flow/flow-document';
import { findNodeType } from '../nodes/catalogue';
import { portsOf } from '../nodes/define-node-type';
import type { CompileIssue } from './compile-issue';

export function checkGraph(doc: FlowDocument): CompileIssue[] {
  const issues: CompileIssue[] = [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));

  const seenNodes = new Set<string>();
  for (const n of doc.nodes) {
    if (seenNodes.has(n.id))
      issues.push(err('DUPLICATE_NODE_ID', n.id, 'id', `Two nodes have the id "${n.id}".`));
    seenNodes.add(n.id);
  }

  const starts = doc.nodes.filter((n) => n.type === 'start');
  if (starts.length === 0) issues.push(err('NO_START', null, null, 'The flow has no Start node.'));
  for (const extra of starts.slice(1))
    issues.push(
      err('MULTIPLE_STARTS', extra.id, null, 'A flow has exactly one Start node; remove this one.'),
    );

  const seenEdges = new Set<string>();
  const usedPorts = new Set<string>();
  for (const e of doc.edges) {
    if (seenEdges.has(e.id))
      issues.push({
        ...err('DUPLICATE_EDGE_ID', e.source, null, `Two edges have the id "${e.id}".`),
        edgeId: e.id,
      });
    seenEdges.add(e.id);
    const source = byId.get(e.source);
    if (!source) {
      issues.push({
        ...err(
          'EDGE_SOURCE_MISSING',
          null,
          null,
          `Edge "${e.id}" starts at a node that does not exist ("${e.source}").`,
        ),
        edgeId: e.id,
      });
      continue;
    }
    const field = `ports.${e.port}`;
    const def = findNodeType(source.type);
    if (def && !portsOf(def, source.params).includes(e.port))
      issues.push({
        ...err('EDGE_PORT_UNKNOWN', source.id, field, `${def.title} has no port "${e.port}".`),
        edgeId: e.id,
      });
    const target = byId.get(e.target);
    if (!target)
      issues.push({
        ...err(
          'EDGE_TARGET_MISSING',
          source.id,
          field,
          `Port "${e.port}" leads to a node that does not exist ("${e.target}").`,
        ),
        edgeId: e.id,
      });
    else if (target.type === 'start')
      issues.push({
        ...err('EDGE_TO_START', source.id, field, 'No edge may lead back into Start.'),
        edgeId: e.id,
      });
    const portKey = `${e.source}\u0000${e.port}`;
    if (usedPorts.has(portKey))
      issues.push({
        ...err('PORT_MULTIPLE_EDGES', source.id, field, `Port "${e.port}" has more than one edge; keep one.`),
        edgeId: e.id,
      });
    usedPorts.add(portKey);
  }

  for (const n of doc.nodes) {
    const def = findNodeType(n.type);
    for (const port of def?.requiredPorts ?? [])
      if (!usedPorts.has(`${n.id}\u0000${port}`))
        issues.push(
          err('PORT_NOT_CONNECTED', n.id, `ports.${port}`, `${def?.title}: connect the "${port}" port.`),
        );
  }

  const start = starts[0];
  if (start) {
    const reached = new Set([start.id]);
    const queue = [start.id];
    for (let id = queue.shift(); id !== undefined; id = queue.shift())
      for (const e of doc.edges)
        if (e.source === id && byId.has(e.target) && !reached.has(e.target)) {
          reached.add(e.target);
          queue.push(e.target);
        }
    for (const n of doc.nodes)
      if (!reached.has(n.id))
        issues.push({
          severity: 'warning',
          code: 'UNREACHABLE_NODE',
          nodeId: n.id,
          field: null,
          message: 'No path from Start reaches this node; it will never run.',
        });
  }
  return issues;
}

function err(
  code: CompileIssue['code'],
  nodeId: string | null,
  field: string | null,
  message: string,
): CompileIssue {
  return { severity: 'error', code, nodeId, field, message };
}
