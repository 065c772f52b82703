// The flow document (*.flow.json): what the editor saves, the CLI deploys and git diffs.
// Format version 1; see DESIGN.md "Contracts".
import { z } from 'zod';

export const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const flowNodeSchema = z.object({
  id: z.string().regex(ID_RE, 'node ids are 1–64 letters, digits, "-" or "_"'),
  type: z.string().min(1),
  position: z.object({ x: z.number(), y: z.number() }),
  params: z.record(z.string(), z.unknown()).default({}),
  label: z.string().max(200).optional(),
});

export const flowEdgeSchema = z.object({
  id: z.string().min(1).max(128),
  source: z.string().min(1),
  port: z.string().min(1),
  target: z.string().min(1),
});

export const traceLevels = ['off', 'errors', 'sampled', 'full'] as const;
export type TraceLevel = (typeof traceLevels)[number];

/** Flow-wide settings (optional; schema 1 documents without them mean the defaults). */
export const flowSettingsSchema = z.strictObject({
  /** off: nothing; errors: only calls with a step error or a 5xx; sampled: samplePercent of calls; full (default). */
  traceLevel: z.enum(traceLevels).optional(),
  samplePercent: z.number().min(0).max(100).optional(),
});

export const flowDocumentSchema = z.object({
  schema: z.literal(1, { error: 'schema must be 1' }),
  id: z.string().regex(ID_RE, 'flow ids are 1–64 letters, digits, "-" or "_"'),
  name: z.string().trim().min(1, 'a flow needs a name').max(200),
  description: z.string().max(2000).optional(),
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema),
  settings: flowSettingsSchema.optional(),
});

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowDocument = z.infer<typeof flowDocumentSchema>;
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

/** Serialise for a *.flow.json file: stable key order, two-space indent, trailing newline. */
export function serializeFlowDocument(doc: FlowDocument): string {
  const ordered = {
    schema: doc.schema,
    id: doc.id,
    name: doc.name,
    ...(doc.description === undefined ? {} : { description: doc.description }),
    nodes: doc.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      ...(n.label === undefined ? {} : { label: n.label }),
      position: { x: n.position.x, y: n.position.y },
      params: n.params,
    })),
    edges: doc.edges.map((e) => ({ id: e.id, source: e.source, port: e.port, target: e.target })),
    ...(doc.settings === undefined ? {} : { settings: doc.settings }),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** An empty flow with just a Start node: what "New flow" creates. */
export function newFlowDocument(id: string, name: string): FlowDocument {
  return {
    schema: 1,
    id,
    name,
    nodes: [{ id: 'start', type: 'start', position: { x: 0, y: 0 }, params: { methods: ['INVITE'] } }],
    edges: [],
  };
}
