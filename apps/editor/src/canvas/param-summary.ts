// The parameters a node shows on the canvas at a glance, derived from its field descriptors.
import type { FieldDef, NodeTypeDef } from '@patchbay/shared/nodes';

export interface ParamLine {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  /** The value is the field's default, not something the user set. */
  readonly isDefault: boolean;
}

/** At most `limit` lines, in field order; unset fields show their default, fields with neither are skipped. */
export function summarizeParams(
  def: NodeTypeDef,
  params: Readonly<Record<string, unknown>>,
  limit = 3,
): ParamLine[] {
  const lines: ParamLine[] = [];
  for (const [name, field] of Object.entries(def.params)) {
    const given = params[name];
    const value = given ?? field.default;
    if (value === undefined) continue;
    lines.push({
      name,
      label: field.label,
      value: formatValue(field, value),
      isDefault: given === undefined,
    });
    if (lines.length === limit) break;
  }
  return lines;
}

export function formatValue(field: FieldDef, value: unknown): string {
  if (field.kind === 'methods' && Array.isArray(value)) return value.length === 0 ? '—' : value.join(', ');
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
