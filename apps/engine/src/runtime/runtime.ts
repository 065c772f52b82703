// Holds the live programs and runs one for each new request the SIP stack hands over. Deploying
// swaps a program in atomically; calls in flight keep the version they started with.
import { linkProgram, type LinkedProgram } from './link-program';
import type { FlowDocument } from '@patchbay/shared/flow';
import type { RouteProgram } from '@patchbay/shared/program';
import type { DialogEvent, ProxiedRequest } from '../sip/sip-stack-types';
import { CallContext } from './call-context';
import { runCall } from './run-call';
import { selectFlow } from './select-flow';
import type { TraceSink } from './trace-sink';

export class Runtime {
  private programs: LinkedProgram[] = [];

  constructor(private readonly sink: TraceSink) {}

  /** Link and make live (replacing the flow's previous version). Throws LinkError on a bad program. */
  deploy(program: RouteProgram, document: FlowDocument): void {
    const linked = linkProgram(program, document);
    const rest = this.programs.filter((p) => p.flowId !== program.flowId);
    this.programs = [...rest, linked].sort((a, b) =>
      a.flowId < b.flowId ? -1 : a.flowId > b.flowId ? 1 : 0,
    );
  }

  undeploy(flowId: string): void {
    this.programs = this.programs.filter((p) => p.flowId !== flowId);
  }

  live(): ReadonlyArray<{ flowId: string; version: number }> {
    return this.programs.map((p) => ({ flowId: p.flowId, version: p.version }));
  }

  readonly handleRequest = (proxied: ProxiedRequest): void => {
    const req = proxied.request;
    // RFC 3261 §17.2.3 / §16: an ACK never gets a response; a stray one is simply dropped.
    if (req.method === 'ACK') return;
    const program = selectFlow(this.programs, req);
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
    const call = new CallContext(proxied, (status) => this.recordFinal(req.callId, req.method, status));
    if (!program) {
      call.respond(404, 'Not Found');
      return;
    }
    runCall(program, call, this.sink)
      .then(() => {
        if (!call.finalSent) call.respond(500, 'Server Internal Error');
      })
      .catch((err: unknown) => {
        console.error(`runtime: call ${req.callId}: ${String(err)}`);
        call.respond(500, 'Server Internal Error');
      });
  };

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
