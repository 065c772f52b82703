// FlowDocument → RouteProgram, or every problem at once. Never throws on user input: the flow
// document comes from the editor, the CLI or a file someone edited by hand.
import type { z } from 'zod';
import { flowDocumentSchema, type FlowDocument } from '../flow/flow-document';
import { findNodeType } from '../nodes/catalogue';
import { paramsSchema } from '../nodes/define-node-type';
import type { ProgramNode, RouteProgram } from '../program/route-program';
import type { CompileIssue } from './compile-issue';
import { checkGraph } from './check-graph';

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
    if (result.success) params.set(node.id, result.data as Record<string, unknown>);
    else issues.push(...paramIssues(node.id, def.title, node.params, result.error));
  }
  issues.push(...checkGraph(doc));

  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  return { ok: true, program: toProgram(doc, params, options.version ?? 1), issues };
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
  const methods = (start && (params.get(start.id)?.['methods'] as string[] | undefined)) ?? ['INVITE'];
  return {
    format: 1,
    flowId: doc.id,
    version,
    match: { methods: methods.map((m) => m.toUpperCase()) },
    entry: start?.id ?? '',
    nodes,
  };
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
