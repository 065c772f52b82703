// POST /api/sip/requests sends an out-of-dialog SIP request from the engine and answers 202 with
// its id at once; the final response arrives as a 'request-outcome' live event and at
// GET /api/sip/requests/:id.
import { Router } from 'express';
import type { SipRequestBody, SipRequestOutcome } from '@patchbay/shared/api';
import type { UserAgent } from '../../sip/uac/user-agent';
import { ApiError } from '../api-error';

export interface CallControlDeps {
  /** The SIP stack's user agent; undefined when the engine runs without SIP (some tests). */
  readonly userAgent?: UserAgent | undefined;
}

export function headerPairs(h: unknown): [string, string][] {
  if (h === undefined) return [];
  if (Array.isArray(h)) {
    return h.map((p: unknown) => {
      if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string')
        throw new ApiError('BAD_REQUEST', { field: 'headers', reason: 'pairs of [name, value] strings' });
      return [p[0], p[1]];
    });
  }
  if (typeof h === 'object' && h !== null) {
    return Object.entries(h).map(([k, v]) => {
      if (typeof v !== 'string')
        throw new ApiError('BAD_REQUEST', { field: 'headers', reason: 'string values' });
      return [k, v];
    });
  }
  throw new ApiError('BAD_REQUEST', { field: 'headers', reason: 'an array of pairs or an object' });
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ApiError('BAD_REQUEST', { field, reason: 'a string' });
  return v;
}

export function requireUa(deps: CallControlDeps): UserAgent {
  if (deps.userAgent === undefined) throw new ApiError('SIP_UNAVAILABLE');
  return deps.userAgent;
}

export function sipRequestsRoutes(deps: CallControlDeps): Router {
  const r = Router();

  r.post('/sip/requests', (req, res) => {
    const ua = requireUa(deps);
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
      string,
      unknown
    >;
    const method = optionalString(body, 'method');
    const uri = optionalString(body, 'uri');
    if (method === undefined || uri === undefined)
      throw new ApiError('BAD_REQUEST', {
        field: method === undefined ? 'method' : 'uri',
        reason: 'required',
      });
    const creds = body['credentials'] as SipRequestBody['credentials'] | undefined;
    if (creds !== undefined && (typeof creds?.username !== 'string' || typeof creds.password !== 'string'))
      throw new ApiError('BAD_REQUEST', { field: 'credentials', reason: '{username, password} strings' });
    let outcome: SipRequestOutcome;
    try {
      const target = optionalString(body, 'target');
      const text = optionalString(body, 'body');
      const contentType = optionalString(body, 'contentType');
      const from = optionalString(body, 'from');
      const to = optionalString(body, 'to');
      outcome = ua.sendRequest({
        method,
        uri,
        headers: headerPairs(body['headers']),
        ...(text === undefined ? {} : { body: text }),
        ...(contentType === undefined ? {} : { contentType }),
        ...(target === undefined ? {} : { target }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(creds === undefined ? {} : { credentials: creds }),
      });
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError('BAD_REQUEST', { reason: e instanceof Error ? e.message : String(e) });
    }
    res.status(202).json(outcome);
  });

  r.get('/sip/requests/:id', (req, res) => {
    const outcome = requireUa(deps).getRequest(req.params.id);
    if (outcome === undefined) throw new ApiError('SIP_REQUEST_NOT_FOUND');
    res.json(outcome);
  });

  return r;
}
