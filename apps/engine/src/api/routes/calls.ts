// Calls list (newest first, keyset paging) and one call's trace: steps, SIP messages and the
// flow document of the version it ran on, so the editor can draw its path.
import { Router } from 'express';
import type { CallDetailResponse, CallListResponse, CallStatus } from '@patchbay/shared/api';
import { ApiError } from '../api-error';
import type { AppDeps } from '../create-app';
import { isValidCursor } from '../../store/calls-repo';

export function callsRoutes({ store, traces = store.traces }: AppDeps): Router {
  const r = Router();

  r.get('/calls', async (req, res) => {
    const limitText = req.query['limit'];
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new ApiError('BAD_REQUEST', { field: 'limit', reason: 'a whole number from 1 to 500' });
    const cursor = req.query['cursor'];
    if (cursor !== undefined && (typeof cursor !== 'string' || !isValidCursor(cursor)))
      throw new ApiError('BAD_REQUEST', { field: 'cursor', reason: 'not a cursor from a previous page' });
    const flowId = text(req.query, 'flowId');
    const versionText = text(req.query, 'version');
    const version = versionText === undefined ? undefined : Number(versionText);
    if (version !== undefined && (!Number.isInteger(version) || version < 1))
      throw new ApiError('BAD_REQUEST', { field: 'version', reason: 'a version number (1, 2, …)' });
    const since = time(req.query, 'since');
    const until = time(req.query, 'until');
    const statusText = text(req.query, 'status');
    const status = statusText === undefined || statusText === '' ? undefined : statusText.split(',');
    if (status?.some((s) => !STATUSES.has(s)))
      throw new ApiError('BAD_REQUEST', {
        field: 'status',
        reason: `one or more of ${[...STATUSES].join(', ')}`,
      });
    await traces.flush();
    const body: CallListResponse = store.calls.list({
      limit,
      cursor,
      flowId,
      version,
      since,
      until,
      callId: text(req.query, 'callId'),
      from: text(req.query, 'from'),
      to: text(req.query, 'to'),
      status: status as CallStatus[] | undefined,
    });
    res.json(body);
  });

  r.get('/calls/:callId', async (req, res) => {
    await traces.flush();
    const detail = store.calls.get(req.params.callId);
    if (!detail) throw new ApiError('CALL_NOT_FOUND', { callId: req.params.callId });
    const { flowId, version } = detail.call;
    const program = flowId !== null && version !== null ? store.programs.get(flowId, version) : undefined;
    const body: CallDetailResponse = { ...detail, flow: program?.document ?? null };
    res.json(body);
  });

  return r;
}

const STATUSES = new Set<string>(['trying', 'ringing', 'answered', 'completed', 'failed', 'cancelled']);

type Query = Record<string, unknown>;

/** One text query parameter, or undefined; a repeated parameter is refused. */
function text(query: Query, field: string): string | undefined {
  const value = query[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ApiError('BAD_REQUEST', { field, reason: 'give it once' });
  return value;
}

/** A time as ISO 8601 or epoch milliseconds → epoch ms. */
function time(query: Query, field: string): number | undefined {
  const value = text(query, field);
  if (value === undefined || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new ApiError('BAD_REQUEST', { field, reason: 'a time, ISO 8601 or epoch milliseconds' });
  return ms;
}
