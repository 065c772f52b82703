// defineNodeType(): the single way to declare a node type. A definition is plain data (JSON for
// the API and the editor's palette and forms); the engine's op for it lives in
// apps/engine/src/runtime/ops/ and the type checker makes sure there is one per type.
import { z } from 'zod';
import { fieldSchema, type FieldDef, type FieldValue } from './fields';

export type NodeCategory = 'trigger' | 'routing' | 'response';

export interface NodeTypeDef<
  T extends string = string,
  P extends Record<string, FieldDef> = Record<string, FieldDef>,
  Ports extends Record<string, string> = Record<string, string>,
> {
  /** Stable kebab-case id, stored in flow documents. */
  readonly type: T;
  readonly title: string;
  readonly category: NodeCategory;
  /** One or two sentences shown in the palette and the inspector. */
  readonly help: string;
  /** Port name → when it is taken. The port name is the edge's `port` and the trace step's `port`. */
  readonly ports: Ports;
  /** Ports that must have an edge for the flow to compile. */
  readonly requiredPorts?: readonly (keyof Ports & string)[];
  readonly params: P;
  /** Parameters of a typical use, shown in docs and used when the node is dropped on the canvas. */
  readonly example: { readonly [K in keyof P]?: FieldValue<P[K]> };
  /**
   * Ports named by the flow's author: each row of the rules field `field` adds the port named in
   * its `column` (Switch cases, Split shares, Time-of-day rules). `ports` holds the fixed ones.
   */
  readonly dynamicPorts?: { readonly field: keyof P & string; readonly column: string };
  /** Checks across fields that the per-field schema cannot express (→ PARAM_INVALID). */
  // Method syntax on purpose: parameters are then bivariant, so every definition fits NodeTypeDef.
  check?(params: {
    -readonly [K in keyof P]: FieldValue<P[K]>;
  }): ReadonlyArray<{ readonly field: string; readonly message: string }>;
}

export type ParamsOf<D extends NodeTypeDef> = {
  -readonly [K in keyof D['params']]: FieldValue<D['params'][K]>;
};
export type PortOf<D extends NodeTypeDef> = keyof D['ports'] & string;

export function defineNodeType<
  const T extends string,
  const P extends Record<string, FieldDef>,
  const Ports extends Record<string, string>,
>(def: NodeTypeDef<T, P, Ports>): NodeTypeDef<T, P, Ports> {
  return def;
}

const schemaCache = new WeakMap<NodeTypeDef, z.ZodType>();

/** The zod validator of a node type's params (unknown keys are rejected: they are typos). */
export function paramsSchema(def: NodeTypeDef): z.ZodType {
  let schema = schemaCache.get(def);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, f] of Object.entries(def.params)) shape[name] = fieldSchema(f);
    schema = z.strictObject(shape);
    schemaCache.set(def, schema);
  }
  return schema;
}

/** Every port a node has with these params: the fixed ones, then those its rules name. */
export function portsOf(def: NodeTypeDef, params: Readonly<Record<string, unknown>> | undefined): string[] {
  const fixed = Object.keys(def.ports);
  const dyn = def.dynamicPorts;
  if (!dyn) return fixed;
  const rows = params?.[dyn.field];
  const named = Array.isArray(rows)
    ? rows.flatMap((r) => {
        const v = (r as Record<string, unknown> | null)?.[dyn.column];
        return typeof v === 'string' && v !== '' ? [v] : [];
      })
    : [];
  return [...new Set([...fixed, ...named])];
}

/** Every port of a node with what it means: the fixed ones, then those its rows name. */
export function portEntriesOf(
  def: NodeTypeDef,
  params: Readonly<Record<string, unknown>> | undefined,
): Array<readonly [port: string, when: string]> {
  return portsOf(def, params).map((port) => [
    port,
    def.ports[port] ?? `A "${def.dynamicPorts?.column ?? 'row'}" row named "${port}" was chosen.`,
  ]);
}
