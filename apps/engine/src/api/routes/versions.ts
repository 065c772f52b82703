// One stored version of a flow, read-only: its flow document and compiled program, for the
// editor's version view and the visual diff of two versions.
import { Router } from 'express';
import type { FlowVersionResponse } from '@patchbay/shared/api';
import { ApiError } from '../api-error';
import type { AppDeps } from '../create-app';

export function versionsRoutes({ store }: AppDeps): Router {
  const r = Router();

  r.get('/flows/:id/versions/:version', (req, res) => {
    const { id } = req.params;
    const version = Number(req.params.version);
    const stored = Number.isInteger(version) ? store.programs.get(id, version) : undefined;
    if (!stored) throw new ApiError('VERSION_NOT_FOUND', { id, version: req.params.version });
    const body: FlowVersionResponse = {
      version,
      createdAt: new Date(stored.createdAt).toISOString(),
      active: store.programs.activeVersion(id) === version,
      flow: stored.document,
      program: stored.program,
    };
    res.json(body);
  });

  return r;
}
