// The route program: what the compiler makes of a flow and the engine runs. Format 1.
// Every node keeps its flow node id so that trace steps point back at the drawing.
import { z } from 'zod';

export const programNodeSchema = z.object({
  op: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** port → id of the node the edge leads to */
  next: z.record(z.string(), z.string()),
});

const textMatchSchema = z.object({
  mode: z.enum(['exact', 'prefix', 'regex']),
  value: z.string(),
});

/** Which requests the flow takes (from its Start node). Absent fields match anything. */
export const programMatchSchema = z.object({
  methods: z.array(z.string()),
  user: textMatchSchema.optional(),
  domain: textMatchSchema.optional(),
  sources: z.array(z.string()).optional(),
  transport: z.enum(['udp', 'tcp']).optional(),
  priority: z.number().int().optional(),
});

export const routeProgramSchema = z.object({
  format: z.literal(1),
  flowId: z.string(),
  version: z.number().int().positive(),
  match: programMatchSchema,
  /** Trace level of the flow (absent: full). */
  trace: z
    .object({ level: z.enum(['off', 'errors', 'sampled', 'full']), samplePercent: z.number().optional() })
    .optional(),
  entry: z.string(),
  nodes: z.record(z.string(), programNodeSchema),
});

export type ProgramNode = z.infer<typeof programNodeSchema>;
export type RouteProgram = z.infer<typeof routeProgramSchema>;
export type ProgramMatch = z.infer<typeof programMatchSchema>;

/** The same requests at the same priority: a key two deployed flows must not share. */
export function matchKey(m: ProgramMatch): string {
  return JSON.stringify([
    [...m.methods].map((x) => x.toUpperCase()).sort(),
    m.user ?? null,
    m.domain === undefined ? null : { ...m.domain, value: m.domain.value.toLowerCase() },
    [...(m.sources ?? [])].sort(),
    m.transport ?? null,
    m.priority ?? 0,
  ]);
}
