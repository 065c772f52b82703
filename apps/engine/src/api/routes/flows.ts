// Flow documents: list, create, read, update, delete. Saving never deploys; an invalid graph
// may be saved (work in progress), but the document must have the flow document's shape.
import { Router } from 'express';
import { flowDocumentSchema, type FlowDocument } from '@patchbay/shared/flow';
import type { FlowListResponse, FlowResponse } from '@patchbay/shared/api';
import { ApiError } from '../api-error';
import type { AppDeps } from '../create-app';

export function flowsRoutes({ store, runtime }: AppDeps): Router {
  const r = Router();

  r.get('/flows', (_req, res) => {
    const body: FlowListResponse = {
      flows: store.flows.list().map((f) => ({
        id: f.flow.id,
        name: f.flow.name,
        updatedAt: new Date(f.updatedAt).toISOString(),
        deployedVersion: store.programs.activeVersion(f.flow.id),
      })),
    };
    res.json(body);
  });

  r.post('/flows', (req, res) => {
    const flow = parseDocument(req.body);
    if (!store.flows.create(flow)) throw new ApiError('FLOW_EXISTS', { id: flow.id });
    res.status(201).location(`/api/flows/${flow.id}`).json(flowResponse(store, flow.id));
  });

  r.get('/flows/:id', (req, res) => {
    res.json(flowResponse(store, req.params.id));
  });

  r.put('/flows/:id', (req, res) => {
    const flow = parseDocument(req.body);
    if (flow.id !== req.params.id)
      throw new ApiError('FLOW_ID_MISMATCH', { url: req.params.id, body: flow.id });
    if (!store.flows.update(flow)) throw new ApiError('FLOW_NOT_FOUND', { id: req.params.id });
    res.json(flowResponse(store, flow.id));
  });

  r.delete('/flows/:id', (req, res) => {
    if (!store.flows.delete(req.params.id)) throw new ApiError('FLOW_NOT_FOUND', { id: req.params.id });
    // Deleting a flow takes it out of service; its versions stay for the calls that ran on them.
    store.programs.undeploy(req.params.id);
    runtime.undeploy(req.params.id);
    res.status(204).end();
  });

  return r;
}

export function parseDocument(body: unknown): FlowDocument {
  const parsed = flowDocumentSchema.safeParse(body);
  if (!parsed.success)
    throw new ApiError('FLOW_DOCUMENT_INVALID', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  return parsed.data;
}

export function flowResponse(store: AppDeps['store'], id: string): FlowResponse {
  const stored = store.flows.get(id);
  if (!stored) throw new ApiError('FLOW_NOT_FOUND', { id });
  return {
    flow: stored.flow,
    updatedAt: new Date(stored.updatedAt).toISOString(),
    deployedVersion: store.programs.activeVersion(id),
  };
}
