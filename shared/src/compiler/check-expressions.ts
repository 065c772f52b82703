// Type-checks every CEL expression of a node (cel fields, CEL values of key-value lists, CEL
// cells of rules tables) and reports EXPR_SYNTAX / EXPR_TYPE with the node and the field path.
import { compileExpr, type CelReturn } from '../expr/cel-env';
import type { NodeTypeDef } from '../nodes/define-node-type';
import type { CompileIssue } from './compile-issue';

/** Every expression in a node's (validated) params, with its field path and wanted type. */
export function expressionsOf(
  def: NodeTypeDef,
  params: Readonly<Record<string, unknown>>,
): Array<{ field: string; source: string; returns: CelReturn }> {
  const out: Array<{ field: string; source: string; returns: CelReturn }> = [];
  for (const [name, f] of Object.entries(def.params)) {
    const value = params[name];
    if (f.kind === 'cel' && typeof value === 'string')
      out.push({ field: name, source: value, returns: f.returns });
    else if (f.kind === 'key-value' && f.valueKind === 'cel' && Array.isArray(value))
      value.forEach((kv: { value: string }, i) =>
        out.push({ field: `${name}[${i}].value`, source: kv.value, returns: 'any' }),
      );
    else if (f.kind === 'rules' && Array.isArray(value))
      for (const [col, c] of Object.entries(f.columns))
        if (c.kind === 'cel')
          value.forEach((row: Record<string, string>, i) => {
            const src = row[col] ?? '';
            if (src !== '' || !c.optional)
              out.push({ field: `${name}[${i}].${col}`, source: src, returns: c.returns ?? 'any' });
          });
  }
  return out;
}

export function checkExpressions(
  nodeId: string,
  def: NodeTypeDef,
  params: Readonly<Record<string, unknown>>,
): CompileIssue[] {
  const issues: CompileIssue[] = [];
  for (const e of expressionsOf(def, params)) {
    const compiled = compileExpr(e.source, e.returns);
    if (!compiled.ok)
      issues.push({
        severity: 'error',
        code: compiled.code,
        nodeId,
        field: e.field,
        message: `${def.title}: ${e.field}: ${compiled.message}.`,
      });
  }
  return issues;
}
