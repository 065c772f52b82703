// A compiler message reworded for display under its own field, where naming the node and the
// field again is noise: 'Relay: "target" must be a SIP URI…' → 'Must be a SIP URI…'.
import type { CompileIssue } from '@patchbay/shared/compiler';

export function fieldMessage(issue: CompileIssue, title: string): string {
  if (issue.code === 'PARAM_REQUIRED') return 'Required.';
  const prefix = `${title}: "${issue.field ?? ''}" `;
  if (!issue.message.startsWith(prefix)) return issue.message;
  const rest = issue.message.slice(prefix.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
