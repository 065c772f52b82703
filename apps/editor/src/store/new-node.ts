// What a node dropped from the palette starts with: a readable unique id and working params.
import type { NodeTypeDef } from '@patchbay/shared/nodes';

/** `<type>-<n>` with the smallest n ≥ 1 not taken, so ids stay short and stable in diffs. */
export function nextNodeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `${type}-${n}`;
    if (!used.has(id)) return id;
  }
}

/** Field defaults, overridden by the type's example: a new node should compile as dropped. */
export function initialParams(def: NodeTypeDef): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(def.params))
    if (f.default !== undefined) params[name] = structuredClone(f.default);
  for (const [name, value] of Object.entries(def.example))
    if (value !== undefined) params[name] = structuredClone(value);
  return params;
}
