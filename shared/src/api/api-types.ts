// Request and response bodies of the HTTP API (DESIGN.md "Contracts"), shared by the engine,
// the editor's client and the CLI.
import type { CompileIssue } from '../compiler/compile-issue';
import type { FlowDocument } from '../flow/flow-document';
import type { RouteProgram } from '../program/route-program';
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
  /** Who deployed it: "admin" (editor sign-in), `token "NAME"`, "local" (open API), or null. */
  readonly deployedBy: string | null;
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

/**
 * What a relay, fork or http-request node is to "receive" in a simulation, by node id. A node
 * without an entry gets the default: relay/fork → 200 OK, http-request → ok 200 with no body.
 */
export type SimulatedRelayOutcome =
  /** A final response from downstream (2xx → answered; 486/600 → busy; …). */
  | { readonly status: number; readonly reason?: string }
  /** No final response in time (→ no-answer). */
  | { readonly kind: 'timeout' }
  /** The target could not be reached (→ unreachable). */
  | { readonly kind: 'transport-error' };

export type SimulatedHttpOutcome =
  | { readonly kind: 'ok'; readonly status: number; readonly body?: unknown }
  | { readonly kind: 'error' }
  | { readonly kind: 'timeout' };

export type SimulatedOutcome = SimulatedRelayOutcome | SimulatedHttpOutcome;

/** POST /api/flows/:id/simulate */
export interface SimulateRequest {
  /** The raw SIP request, as pasted (CRLF or LF line ends; Content-Length is not required). */
  readonly request: string;
  /** A deployed (stored) version to run; default: the saved draft, compiled on the fly. */
  readonly version?: number;
  /** Outcome of each relay, fork and http-request node, by node id. */
  readonly outcomes?: Readonly<Record<string, SimulatedOutcome>>;
  /** Where the request "came from" (default udp 127.0.0.1:5060): Start's source match and `source.*`. */
  readonly source?: { readonly ip: string; readonly port: number; readonly transport: 'udp' | 'tcp' };
}

export interface SimulateResponse {
  /** One step per node run, as the trace would record them (nothing is sent or stored). */
  readonly steps: readonly TraceStep[];
  /** The final response the caller would get, or null when none (e.g. the flow never answered). */
  readonly final: { readonly status: number; readonly reason: string } | null;
  /** Compiler warnings of the flow simulated (errors give a 422 FLOW_INVALID instead). */
  readonly issues: readonly CompileIssue[];
  /**
   * Whether the flow's Start would take this request live (method, user, domain, source,
   * transport); the simulation runs the flow either way.
   */
  readonly matched: boolean;
}

/** GET /api/flows/:id/versions/:version */
export interface FlowVersionResponse {
  readonly version: number;
  readonly createdAt: string;
  readonly active: boolean;
  readonly flow: FlowDocument;
  readonly program: RouteProgram;
}

/** GET /api/stats?minutes= */
export interface StatsResponse {
  /** The time the numbers were taken (ISO 8601). */
  readonly at: string;
  readonly minutes: number;
  /** Calls started in the last 24 h that have not ended. */
  readonly activeCalls: number;
  /** One entry per minute of the window, oldest first, including empty minutes. */
  readonly perMinute: readonly {
    readonly minute: string;
    readonly calls: number;
    readonly answered: number;
  }[];
  /** Calls of the window by flow (null: no flow took them), busiest first. */
  readonly flows: readonly {
    readonly flowId: string | null;
    readonly calls: number;
    readonly answered: number;
    readonly failed: number;
    readonly active: number;
    /** answered ÷ calls that got a final answer, or null when none did yet. */
    readonly answerRate: number | null;
    /** Calls per minute of this flow, aligned with `perMinute`. */
    readonly perMinute: readonly number[];
  }[];
}
