// Holds the live programs and runs one for each new request the SIP stack hands over. Deploying
// swaps a program in atomically; calls in flight keep the version they started with.
import type { FlowDocument } from '@patchbay/shared/flow';
import type { RouteProgram } from '@patchbay/shared/program';
import type { DialogEvent, ProxiedRequest } from '../sip/sip-stack-types';
import { CallContext, type CallServices } from './call-context';
import { fetchHttpClient, type HttpClient } from './http-client';
import { linkProgram, type LinkedProgram } from './link-program';
import { runCall, type StepRecord } from './run-call';
import { selectFlow } from './select-flow';
import type { TraceSink } from './trace-sink';

/** A subflow that runs a subflow that … stops here. */
const MAX_SUBFLOW_DEPTH = 8;

export interface RuntimeOptions {
  /** Answer to a request no deployed flow takes (default 404 Not Found). */
  readonly defaultResponse?: { readonly status: number; readonly reason: string };
  readonly http?: HttpClient;
  readonly now?: () => Date;
  readonly random?: () => number;
}

export class Runtime {
  private programs: LinkedProgram[] = [];
  private readonly defaultResponse: { status: number; reason: string };
  private readonly services: CallServices;

  constructor(
    private readonly sink: TraceSink,
    options: RuntimeOptions = {},
  ) {
    this.defaultResponse = { ...(options.defaultResponse ?? { status: 404, reason: 'Not Found' }) };
    this.services = {
      http: options.http ?? fetchHttpClient,
      now: options.now ?? (() => new Date()),
      random: options.random ?? Math.random,
      subflow: (flowId, call) => this.runSubflow(flowId, call),
    };
  }

  /** Link and make live (replacing the flow's previous version). Throws LinkError on a bad program. */
  deploy(program: RouteProgram, document: FlowDocument): void {
    const linked = linkProgram(program, document);
    const rest = this.programs.filter((p) => p.flowId !== program.flowId);
    this.programs = [...rest, linked].sort(
      (a, b) => b.priority - a.priority || (a.flowId < b.flowId ? -1 : a.flowId > b.flowId ? 1 : 0),
    );
  }

  undeploy(flowId: string): void {
    this.programs = this.programs.filter((p) => p.flowId !== flowId);
  }

  live(): ReadonlyArray<{ flowId: string; version: number }> {
    return this.programs.map((p) => ({ flowId: p.flowId, version: p.version }));
  }

  /** The live programs themselves (their Start match, for the deploy-time conflict check). */
  livePrograms(): readonly RouteProgram[] {
    return this.programs.map((p) => p.program);
  }

  /** Services for a call run outside the live path (simulation). */
  servicesWith(over: Partial<CallServices>): CallServices {
    return { ...this.services, ...over };
  }

  readonly handleRequest = (proxied: ProxiedRequest): void => {
    const req = proxied.request;
    // RFC 3261 §17.2.3 / §16: an ACK never gets a response; a stray one is simply dropped.
    if (req.method === 'ACK') return;
    const program = selectFlow(this.programs, req, proxied.source);
    const at = proxied.receivedAt;
    this.sink.push({
      kind: 'call-start',
      callId: req.callId,
      flowId: program?.flowId ?? null,
      version: program?.version ?? null,
      method: req.method,
      from: req.fromUri,
      to: req.toUri,
      at,
    });
    const call = new CallContext(
      proxied,
      (status) => this.recordFinal(req.callId, req.method, status),
      this.services,
    );
    if (!program) {
      call.respond(this.defaultResponse.status, this.defaultResponse.reason);
      return;
    }
    const recorder = new TraceRecorder(this.sink, req.callId, program, this.services.random);
    this.run(program, call, recorder.step)
      .then((ok) => {
        if (!call.finalSent) call.respond(500, 'Server Internal Error');
        recorder.finish(!ok, call.finalStatus ?? 500);
      })
      .catch((err: unknown) => {
        console.error(`runtime: call ${req.callId}: ${String(err)}`);
        call.respond(500, 'Server Internal Error');
        recorder.finish(true, 500);
      });
  };

  /** The live version of another flow, run for this call (steps "flowId/nodeId"). */
  private async runSubflow(flowId: string, call: CallContext): Promise<'ran' | 'missing'> {
    const program = this.programs.find((p) => p.flowId === flowId);
    if (!program || call.depth >= MAX_SUBFLOW_DEPTH) return 'missing';
    const parentNode = call.nodeId;
    const parentDetail = call.detail;
    const parentChanges = call.changes;
    const emit = this.currentEmit.get(call);
    call.depth++;
    try {
      const first = program.nodes.get(program.entry.next['next'] ?? '');
      if (first) await runCall(program, call, emit ?? (() => {}), `${flowId}/`, first);
    } finally {
      call.depth--;
      call.nodeId = parentNode;
      call.detail = parentDetail;
      call.changes = parentChanges;
    }
    parentDetail['version'] = program.version;
    return 'ran';
  }

  /** The step sink of each call in flight, for its subflows. */
  private readonly currentEmit = new WeakMap<CallContext, (s: StepRecord) => void>();

  /** Run a program for a call with a given step sink (the simulation's entry point). */
  async run(program: LinkedProgram, call: CallContext, emit: (s: StepRecord) => void): Promise<boolean> {
    this.currentEmit.set(call, emit);
    return runCall(program, call, emit);
  }

  /** Dialog life-cycle from the proxy: ringing, answered, ended. */
  readonly handleDialog = (e: DialogEvent): void => {
    switch (e.state) {
      case 'early':
        this.sink.push({ kind: 'call-update', callId: e.callId, status: 'ringing' });
        return;
      case 'confirmed':
        this.sink.push({ kind: 'call-update', callId: e.callId, status: 'answered', answeredAt: e.at });
        return;
      case 'terminated':
        this.sink.push({
          kind: 'call-update',
          callId: e.callId,
          status: e.reason === 'bye' ? 'completed' : e.reason === 'cancel' ? 'cancelled' : 'failed',
          ...(e.status === undefined ? {} : { finalCode: e.status }),
          endedAt: e.at,
        });
        return;
    }
  };

  private recordFinal(callId: string, method: string, status: number): void {
    const now = Date.now();
    if (status >= 300)
      this.sink.push({ kind: 'call-update', callId, status: 'failed', finalCode: status, endedAt: now });
    else if (method === 'INVITE')
      this.sink.push({ kind: 'call-update', callId, status: 'answered', finalCode: status, answeredAt: now });
    else
      this.sink.push({ kind: 'call-update', callId, status: 'completed', finalCode: status, endedAt: now });
  }
}

/**
 * Applies the flow's trace level to one call's steps: full passes them on; errors holds them until
 * the end and keeps them only after a step error or a 5xx; sampled keeps samplePercent of calls;
 * off keeps none. A call not kept is discarded from the store (call-discard).
 */
class TraceRecorder {
  private held: StepRecord[] | undefined;
  private readonly keep: 'all' | 'none' | 'on-error';

  constructor(
    private readonly sink: TraceSink,
    private readonly callId: string,
    program: LinkedProgram,
    random: () => number,
  ) {
    const t = program.trace;
    this.keep =
      t.level === 'full'
        ? 'all'
        : t.level === 'off'
          ? 'none'
          : t.level === 'errors'
            ? 'on-error'
            : random() * 100 < t.samplePercent
              ? 'all'
              : 'none';
    if (this.keep === 'on-error') this.held = [];
    // Decided now: the store drops this call's later events (its SIP messages too) at once.
    if (this.keep === 'none') this.sink.push({ kind: 'call-discard', callId: this.callId });
  }

  readonly step = (s: StepRecord): void => {
    if (this.keep === 'all') this.sink.push({ kind: 'step', callId: this.callId, ...s });
    else if (this.held) this.held.push(s);
  };

  finish(failed: boolean, finalStatus: number): void {
    if (this.keep === 'all' || this.keep === 'none') return;
    const error = failed || finalStatus >= 500 || (this.held ?? []).some((s) => s.error !== undefined);
    if (this.keep === 'on-error' && error) {
      for (const s of this.held ?? []) this.sink.push({ kind: 'step', callId: this.callId, ...s });
      this.held = undefined;
      return;
    }
    this.held = undefined;
    this.sink.push({ kind: 'call-discard', callId: this.callId });
  }
}
