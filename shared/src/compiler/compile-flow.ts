// FlowDocument → RouteProgram, or every problem at once. Never throws on user input: the flow
// document comes from the editor, the CLI or a file someone edited by hand.
import type { z } from 'zod';
import { flowDocumentSchema, type FlowDocument } from '../flow/flow-document';
import { findNodeType } from '../nodes/catalogue';
import { paramsSchema, portsOf } from '../nodes/define-node-type';
import type { ProgramMatch, ProgramNode, RouteProgram } from '../program/route-program';
import type { CompileIssue } from './compile-issue';
import { checkExpressions } from './check-expressions';
import { checkGraph } from './check-graph';
import { checkLoops, checkResponsePaths, type PathNode } from './check-paths';

export type CompileResult =
  | { readonly ok: true; readonly program: RouteProgram; readonly issues: readonly CompileIssue[] }
  | { readonly ok: false; readonly issues: readonly CompileIssue[] };

export interface CompileOptions {
  /** Version number stamped on the program (the store assigns it at deploy). */
  readonly version?: number;
}

export function compileFlow(input: unknown, options: CompileOptions = {}): CompileResult {
  const parsed = flowDocumentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: shapeIssues(input, parsed.error) };
  const doc = parsed.data;
  const issues: CompileIssue[] = [];
  const params = new Map<string, Record<string, unknown>>();

  for (const node of doc.nodes) {
    const def = findNodeType(node.type);
    if (!def) {
      issues.push({
        severity: 'error',
        code: 'UNKNOWN_NODE_TYPE',
        nodeId: node.id,
        field: 'type',
        message: `Unknown node type "${node.type}".`,
      });
      continue;
    }
    const result = paramsSchema(def).safeParse(node.params);
    if (!result.success) {
      issues.push(...paramIssues(node.id, def.title, node.params, result.error));
      continue;
    }
    const p = result.data as Record<string, unknown>;
    params.set(node.id, p);
    for (const c of def.check?.(p as never) ?? [])
      issues.push({
        severity: 'error',
        code: 'PARAM_INVALID',
        nodeId: node.id,
        field: c.field,
        message: `${def.title}: ${c.message}.`,
      });
    issues.push(...checkExpressions(node.id, def, p));
  }
  const graphIssues = checkGraph(doc);
  issues.push(...graphIssues);
  if (!graphIssues.some((i) => i.severity === 'error'))
    issues.push(...checkFlowPaths(doc, params, graphIssues));

  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  return { ok: true, program: toProgram(doc, params, options.version ?? 1), issues };
}

function checkFlowPaths(
  doc: FlowDocument,
  params: Map<string, Record<string, unknown>>,
  graphIssues: readonly CompileIssue[],
): CompileIssue[] {
  const nodes = new Map<string, PathNode>();
  for (const n of doc.nodes) {
    const def = findNodeType(n.type);
    if (!def) continue;
    nodes.set(n.id, { type: n.type, ports: portsOf(def, params.get(n.id) ?? n.params), next: {} });
  }
  for (const e of doc.edges) {
    const from = nodes.get(e.source);
    if (from) (from.next as Record<string, string>)[e.port] = e.target;
  }
  const start = doc.nodes.find((n) => n.type === 'start');
  if (!start) return [];
  const methods = (params.get(start.id)?.['methods'] as string[] | undefined) ?? ['INVITE'];
  // Ports already reported as required-but-unconnected are not reported twice.
  const skip = new Set(
    graphIssues
      .filter((i) => i.code === 'PORT_NOT_CONNECTED' && i.nodeId !== null && i.field !== null)
      .map((i) => `${i.nodeId}\u0000${i.field!.slice('ports.'.length)}`),
  );
  return [
    ...checkLoops(nodes),
    ...checkResponsePaths(
      nodes,
      start.id,
      methods.some((m) => m.toUpperCase() === 'INVITE'),
      skip,
    ),
  ];
}

function toProgram(
  doc: FlowDocument,
  params: Map<string, Record<string, unknown>>,
  version: number,
): RouteProgram {
  const nodes: Record<string, ProgramNode> = {};
  for (const node of doc.nodes)
    nodes[node.id] = { op: node.type, params: params.get(node.id) ?? {}, next: {} };
  for (const edge of doc.edges) {
    const from = nodes[edge.source];
    if (from) from.next[edge.port] = edge.target;
  }
  const start = doc.nodes.find((n) => n.type === 'start');
  const level = doc.settings?.traceLevel;
  return {
    format: 1,
    flowId: doc.id,
    version,
    match: toMatch(start ? params.get(start.id) : undefined),
    ...(level === undefined
      ? {}
      : {
          trace: {
            level,
            ...(doc.settings?.samplePercent === undefined
              ? {}
              : { samplePercent: doc.settings.samplePercent }),
          },
        }),
    entry: start?.id ?? '',
    nodes,
  };
}

/** The Start node's params as the program's match (absent fields: anything). */
export function toMatch(p: Record<string, unknown> | undefined): ProgramMatch {
  const methods = (p?.['methods'] as string[] | undefined) ?? ['INVITE'];
  const match: {
    methods: string[];
    user?: ProgramMatch['user'];
    domain?: ProgramMatch['domain'];
    sources?: string[];
    transport?: 'udp' | 'tcp';
    priority?: number;
  } = { methods: methods.map((m) => m.toUpperCase()) };
  for (const key of ['user', 'domain'] as const) {
    const mode = p?.[`${key}Match`];
    const value = p?.[key];
    if ((mode === 'exact' || mode === 'prefix' || mode === 'regex') && typeof value === 'string')
      match[key] = { mode, value };
  }
  const sources = p?.['sources'];
  if (Array.isArray(sources) && sources.length > 0) match.sources = sources.map(String);
  const transport = p?.['transport'];
  if (transport === 'udp' || transport === 'tcp') match.transport = transport;
  const priority = p?.['priority'];
  if (typeof priority === 'number' && priority !== 0) match.priority = priority;
  return match;
}

function paramIssues(
  nodeId: string,
  title: string,
  given: Record<string, unknown>,
  error: z.ZodError,
): CompileIssue[] {
  return error.issues.map((zi) => {
    const key = zi.code === 'unrecognized_keys' ? zi.keys[0] : zi.path[0];
    const fieldName = key === undefined ? null : String(key);
    const missing = fieldName !== null && zi.code === 'invalid_type' && given[fieldName] === undefined;
    return {
      severity: 'error' as const,
      code: missing ? ('PARAM_REQUIRED' as const) : ('PARAM_INVALID' as const),
      nodeId,
      field: fieldName,
      message: missing
        ? `${title}: "${fieldName}" is required.`
        : zi.code === 'unrecognized_keys'
          ? `${title}: unknown parameter "${fieldName}".`
          : `${title}: "${fieldName}" ${zi.message}.`,
    };
  });
}

/** Issues for a document that is not even shaped like a flow; name the node when the path does. */
function shapeIssues(input: unknown, error: z.ZodError): CompileIssue[] {
  const nodes = (input as { nodes?: unknown } | null)?.nodes;
  return error.issues.map((zi) => {
    const [top, index, ...rest] = zi.path;
    let nodeId: string | null = null;
    if (top === 'nodes' && typeof index === 'number' && Array.isArray(nodes)) {
      const id = (nodes[index] as { id?: unknown } | undefined)?.id;
      nodeId = typeof id === 'string' ? id : null;
    }
    const field = nodeId !== null && rest.length > 0 ? rest.join('.') : zi.path.join('.') || null;
    return { severity: 'error' as const, code: 'FLOW_SHAPE' as const, nodeId, field, message: zi.message };
  });
}
