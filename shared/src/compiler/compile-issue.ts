// A problem the compiler found, pinned to the node and field it concerns. Codes are stable
// identifiers (UPPER_SNAKE): tests and the editor key on them, never on the message text.
export const compileIssueCodes = [
  'FLOW_SHAPE',
  'DUPLICATE_NODE_ID',
  'DUPLICATE_EDGE_ID',
  'UNKNOWN_NODE_TYPE',
  'PARAM_REQUIRED',
  'PARAM_INVALID',
  'NO_START',
  'MULTIPLE_STARTS',
  'EDGE_SOURCE_MISSING',
  'EDGE_TARGET_MISSING',
  'EDGE_PORT_UNKNOWN',
  'EDGE_TO_START',
  'PORT_MULTIPLE_EDGES',
  'PORT_NOT_CONNECTED',
  'UNREACHABLE_NODE',
  /** A CEL expression that does not parse. */
  'EXPR_SYNTAX',
  /** A CEL expression with a type error (unknown variable, wrong operand, wrong result type). */
  'EXPR_TYPE',
  /** A cycle of nodes with no Relay, Fork or HTTP request in it: it would spin until the step limit. */
  'LOOP_WITHOUT_WAIT',
  /** A path from Start (of an INVITE flow) that ends without a response or a relay. */
  'PATH_WITHOUT_RESPONSE',
  /** At deploy: another deployed flow's Start matches exactly the same requests at the same priority. */
  'START_MATCH_CONFLICT',
] as const;

export type CompileIssueCode = (typeof compileIssueCodes)[number];

export interface CompileIssue {
  readonly severity: 'error' | 'warning';
  readonly code: CompileIssueCode;
  /** The node concerned, or null for the flow as a whole. */
  readonly nodeId: string | null;
  /** The parameter (`target`), port (`ports.failed`) or document path concerned, or null. */
  readonly field: string | null;
  readonly edgeId?: string;
  readonly message: string;
}
