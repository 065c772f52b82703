// The issues shown in the editor: those of the live compile plus those of the last refused deploy
// (the server compiles the stored document, which can differ, e.g. after a failed save).
import type { CompileIssue } from '@patchbay/shared/compiler';

const keyOf = (i: CompileIssue) =>
  `${i.severity}|${i.code}|${i.nodeId ?? ''}|${i.field ?? ''}|${i.edgeId ?? ''}`;

/** Union without duplicates; errors before warnings, each in the order the compiler gave. */
export function mergeIssues(...lists: ReadonlyArray<readonly CompileIssue[]>): CompileIssue[] {
  const seen = new Map<string, CompileIssue>();
  for (const list of lists)
    for (const issue of list) if (!seen.has(keyOf(issue))) seen.set(keyOf(issue), issue);
  const all = [...seen.values()];
  return [...all.filter((i) => i.severity === 'error'), ...all.filter((i) => i.severity !== 'error')];
}

export function groupByNode(issues: readonly CompileIssue[]): Record<string, CompileIssue[]> {
  const byNode: Record<string, CompileIssue[]> = {};
  for (const issue of issues) if (issue.nodeId !== null) (byNode[issue.nodeId] ??= []).push(issue);
  return byNode;
}
