// Calls list (newest first, keyset paging) and one call's trace: steps, SIP messages and the
// flow document of the version it ran on, so the editor can draw its path.
import { Router } from 'express';
import type { CallDetailResponse, CallListResponse } from '@patchbay/shared/api';
import { ApiError } from '../api-error';
import type { AppDeps } from '../create-app';
import { isValidCursor } from '../../store/calls-repo';

export function callsRoutes({ store }: AppDeps): Router {
  const r = Router();

  r.get('/calls', (req, res) => {
    const limitText = req.query['limit'];
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new ApiError('BAD_REQUEST', { field: 'limit', reason: 'a whole number from 1 to 500' });
    const cursor = req.query['cursor'];
    if (cursor !== undefined && (typeof cursor !== 'string' || !isValidCursor(cursor)))
      throw new ApiError('BAD_REQUEST', { field: 'cursor', reason: 'not a cursor from a previous page' });
    const flowId = req.query['flowId'];
    if (flowId !== undefined && typeof flowId !== 'string')
      throw new ApiError('BAD_REQUEST', { field: 'flowId', reason: 'one flow id' });
    store.traces.flush();
    const body: CallListResponse = store.calls.list({ limit, cursor, flowId });
    res.json(body);
  });

  r.get('/calls/:callId', (req, res) => {
    store.traces.flush();
    const detail = store.calls.get(req.params.callId);
    if (!detail) throw new ApiError('CALL_NOT_FOUND', { callId: req.params.callId });
    const { flowId, version } = detail.call;
    const program = flowId !== null && version !== null ? store.programs.get(flowId, version) : undefined;
    const body: CallDetailResponse = { ...detail, flow: program?.document ?? null };
    res.json(body);
  });

  return r;
}
