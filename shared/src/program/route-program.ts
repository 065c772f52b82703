// The route program: what the compiler makes of a flow and the engine runs. Format 1.
// Every node keeps its flow node id so that trace steps point back at the drawing.
import { z } from 'zod';

export const programNodeSchema = z.object({
  op: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** port → id of the node the edge leads to */
  next: z.record(z.string(), z.string()),
});

export const routeProgramSchema = z.object({
  format: z.literal(1),
  flowId: z.string(),
  version: z.number().int().positive(),
  match: z.object({ methods: z.array(z.string()) }),
  entry: z.string(),
  nodes: z.record(z.string(), programNodeSchema),
});

export type ProgramNode = z.infer<typeof programNodeSchema>;
export type RouteProgram = z.infer<typeof routeProgramSchema>;
