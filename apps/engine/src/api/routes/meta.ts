// Health, node catalogue and the OpenAPI document.
import { Router } from 'express';
import { nodeTypeList } from '@patchbay/shared/nodes';
import type { HealthResponse, NodeTypesResponse } from '@patchbay/shared/api';
import type { AppDeps } from '../create-app';
import { openApiDocument } from '../openapi';

export function metaRoutes({ version }: AppDeps): Router {
  const r = Router();
  r.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok', version };
    res.json(body);
  });
  r.get('/node-types', (_req, res) => {
    const body: NodeTypesResponse = { nodeTypes: nodeTypeList };
    res.json(body);
  });
  r.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(version));
  });
  return r;
}
