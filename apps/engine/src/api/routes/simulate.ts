// POST /api/flows/:id/simulate: runs the saved draft (or a stored version) against a pasted SIP
// request, with the outcome of each relay, fork and http-request chosen by the caller, and
// returns the steps. Nothing is sent and nothing is stored.
import { Router } from 'express';
import type { SimulateRequest, SimulateResponse, TraceStep } from '@patchbay/shared/api';
import { compileFlow, type CompileIssue } from '@patchbay/shared/compiler';
import type { FlowDocument } from '@patchbay/shared/flow';
import type { RouteProgram } from '@patchbay/shared/program';
import { linkProgram } from '../../runtime/link-program';
import { parseSipRequest, simulate } from '../../runtime/simulate';
import { ApiError } from '../api-error';
import type { AppDeps } from '../create-app';

export function simulateRoutes({ store, runtime }: AppDeps): Router {
  const r = Router();

  r.post('/flows/:id/simulate', async (req, res) => {
    const body = req.body as Partial<SimulateRequest> | undefined;
    if (!body || typeof body !== 'object' || typeof body.request !== 'string')
      throw new ApiError('BAD_REQUEST', { reason: '"request" (the SIP request as text) is required' });
    if (body.version !== undefined && !Number.isInteger(body.version))
      throw new ApiError('BAD_REQUEST', { reason: '"version" must be a whole number' });
    if (body.outcomes !== undefined && (typeof body.outcomes !== 'object' || body.outcomes === null))
      throw new ApiError('BAD_REQUEST', { reason: '"outcomes" must be an object keyed by node id' });

    let program: RouteProgram;
    let document: FlowDocument;
    let issues: readonly CompileIssue[] = [];
    if (body.version === undefined) {
      const stored = store.flows.get(req.params.id);
      if (!stored) throw new ApiError('FLOW_NOT_FOUND', { id: req.params.id });
      const compiled = compileFlow(stored.flow, { version: store.programs.nextVersion(stored.flow.id) });
      if (!compiled.ok) throw new ApiError('FLOW_INVALID', { issues: compiled.issues });
      program = compiled.program;
      document = stored.flow;
      issues = compiled.issues;
    } else {
      const stored = store.programs.get(req.params.id, body.version);
      if (!stored) throw new ApiError('VERSION_NOT_FOUND', { id: req.params.id, version: body.version });
      program = stored.program;
      document = stored.document;
    }

    const transport = body.source?.transport === 'tcp' ? 'tcp' : 'udp';
    const view = parseSipRequest(body.request, transport);
    if ('error' in view) throw new ApiError('SIP_INVALID', view.error);
    const source = {
      transport,
      address: typeof body.source?.ip === 'string' ? body.source.ip : '127.0.0.1',
      port: typeof body.source?.port === 'number' ? body.source.port : 5060,
    } as const;

    const linked = linkProgram(program, document);
    const result = await simulate(runtime, linked, view, source, body.outcomes ?? {});
    const steps: TraceStep[] = result.steps.map((s) => ({
      seq: s.seq,
      nodeId: s.nodeId,
      port: s.port,
      startedAt: new Date(s.startedAt).toISOString(),
      durationUs: Math.round(s.durationUs),
      detail: s.detail,
      ...(s.error === undefined ? {} : { error: s.error }),
    }));
    const out: SimulateResponse = {
      steps,
      final: result.final,
      issues,
      matched: linked.matches(view, source),
    };
    res.json(out);
  });

  return r;
}
