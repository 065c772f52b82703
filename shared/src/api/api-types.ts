// Request and response bodies of the HTTP API (DESIGN.md "Contracts"), shared by the engine,
// the editor's client and the CLI.
import type { CompileIssue } from '../compiler/compile-issue';
import type { FlowDocument } from '../flow/flow-document';
import type { NodeTypeDef } from '../nodes/define-node-type';

export interface HealthResponse {
  readonly status: 'ok';
  readonly version: string;
}

export interface NodeTypesResponse {
  readonly nodeTypes: readonly NodeTypeDef[];
}

export interface FlowSummary {
  readonly id: string;
  readonly name: string;
  readonly updatedAt: string;
  /** The live program version, or null when the flow was never deployed. */
  readonly deployedVersion: number | null;
}

export interface FlowListResponse {
  readonly flows: readonly FlowSummary[];
}

export interface FlowResponse {
  readonly flow: FlowDocument;
  readonly updatedAt: string;
  readonly deployedVersion: number | null;
}

export interface CompileResponse {
  readonly ok: boolean;
  readonly issues: readonly CompileIssue[];
}

export interface DeployResponse {
  readonly version: number;
  readonly issues: readonly CompileIssue[];
}

export interface FlowVersion {
  readonly version: number;
  readonly createdAt: string;
  readonly active: boolean;
}

export interface FlowVersionsResponse {
  readonly versions: readonly FlowVersion[];
}

/** trying → ringing → answered → completed; or failed (final ≥ 300), or cancelled. */
export type CallStatus = 'trying' | 'ringing' | 'answered' | 'completed' | 'failed' | 'cancelled';

export interface CallSummary {
  readonly callId: string;
  readonly flowId: string | null;
  readonly version: number | null;
  readonly method: string;
  readonly startedAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  readonly status: CallStatus;
  /** Final status code sent upstream for the initial request, once known. */
  readonly finalCode: number | null;
  readonly from: string;
  readonly to: string;
}

export interface CallListResponse {
  readonly calls: readonly CallSummary[];
  /** Cursor for the next (older) page, or null at the end. */
  readonly next: string | null;
}

export interface TraceStep {
  readonly seq: number;
  readonly nodeId: string;
  /** The port the node left by, or null where it ended the flow (Respond). */
  readonly port: string | null;
  readonly startedAt: string;
  readonly durationUs: number;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly error?: string;
}

export interface TraceMessage {
  readonly seq: number;
  readonly at: string;
  readonly direction: 'in' | 'out';
  /** "udp:127.0.0.1:5062" */
  readonly peer: string;
  readonly transport: 'udp' | 'tcp';
  /** First line, e.g. "INVITE sip:bob@b.example SIP/2.0" or "SIP/2.0 200 OK". */
  readonly summary: string;
  readonly text: string;
}

export interface CallDetailResponse {
  readonly call: CallSummary;
  /** The flow document of the version the call ran on, to draw its path. */
  readonly flow: FlowDocument | null;
  readonly steps: readonly TraceStep[];
  readonly messages: readonly TraceMessage[];
}
