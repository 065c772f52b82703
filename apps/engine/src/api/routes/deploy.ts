// Compile, deploy, versions and rollback. Deploying compiles the saved document, stores the
// program as the next version and swaps it into the runtime; an invalid flow never deploys.
import { Router } from 'express';
import { compileFlow, type CompileIssue } from '@patchbay/shared/compiler';
import { matchKey, type RouteProgram } from '@patchbay/shared/program';
import type { CompileResponse, DeployResponse, FlowVersionsResponse } from '@patchbay/shared/api';
import { ApiError } from '../api-error';
import { describeCaller } from '../auth/authenticate';
import type { AppDeps } from '../create-app';

export function deployRoutes({ store, runtime, events }: AppDeps): Router {
  const r = Router();

  const savedFlow = (id: string) => {
    const stored = store.flows.get(id);
    if (!stored) throw new ApiError('FLOW_NOT_FOUND', { id });
    return stored.flow;
  };

  /** START_MATCH_CONFLICT: another live flow takes exactly the same requests at the same priority. */
  const conflicts = (program: RouteProgram): CompileIssue[] => {
    const key = matchKey(program.match);
    return runtime
      .livePrograms()
      .filter((p) => p.flowId !== program.flowId && matchKey(p.match) === key)
      .map((p) => ({
        severity: 'error' as const,
        code: 'START_MATCH_CONFLICT' as const,
        nodeId: program.entry,
        field: null,
        message: `Deployed flow "${p.flowId}" takes exactly the same requests at the same priority; change the match or the priority.`,
      }));
  };

  r.post('/flows/:id/compile', (req, res) => {
    const result = compileFlow(savedFlow(req.params.id));
    const body: CompileResponse = { ok: result.ok, issues: result.issues };
    res.json(body);
  });

  r.post('/flows/:id/deploy', (req, res) => {
    const flow = savedFlow(req.params.id);
    const version = store.programs.nextVersion(flow.id);
    const result = compileFlow(flow, { version });
    if (!result.ok) throw new ApiError('FLOW_INVALID', { issues: result.issues });
    const clash = conflicts(result.program);
    if (clash.length > 0) throw new ApiError('FLOW_INVALID', { issues: [...result.issues, ...clash] });
    // Link first: a program the runtime cannot run is never recorded as live.
    runtime.deploy(result.program, flow);
    store.programs.addAndActivate(result.program, flow, Date.now(), describeCaller(req, store.auth));
    events.publish({ kind: 'deployed', flowId: flow.id, version });
    const body: DeployResponse = { version, issues: result.issues };
    res.json(body);
  });

  r.get('/flows/:id/versions', (req, res) => {
    savedFlow(req.params.id);
    const body: FlowVersionsResponse = {
      versions: store.programs.versions(req.params.id).map((v) => ({
        version: v.version,
        createdAt: new Date(v.createdAt).toISOString(),
        active: v.active,
        deployedBy: v.deployedBy,
      })),
    };
    res.json(body);
  });

  r.post('/flows/:id/versions/:version/activate', (req, res) => {
    const version = Number(req.params.version);
    const stored = Number.isInteger(version) ? store.programs.get(req.params.id, version) : undefined;
    if (!stored) throw new ApiError('VERSION_NOT_FOUND', { id: req.params.id, version: req.params.version });
    const clash = conflicts(stored.program);
    if (clash.length > 0) throw new ApiError('FLOW_INVALID', { issues: clash });
    runtime.deploy(stored.program, stored.document);
    store.programs.activate(req.params.id, version);
    events.publish({ kind: 'deployed', flowId: req.params.id, version });
    const body: DeployResponse = { version, issues: [] };
    res.json(body);
  });

  return r;
}
