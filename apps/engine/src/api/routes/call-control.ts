// Call control: POST /api/calls starts a third-party call between a and b (RFC 3725 flow I,
// sip/uac/third-party-call.ts) and answers 202 with its Call-ID; progress comes as live events
// (call-ringing, call-answered, call-media-changed, call-ended). DELETE /api/calls/:callId ends a call;
// POST /api/calls/:callId/requests sends a request inside one leg's dialog.
import { Router } from 'express';
import type { EndCallResponse, OriginateCallBody, OriginateCallResponse } from '@patchbay/shared/api';
import type { TraceSink } from '../../runtime/trace-sink';
import type { UaEvent } from '../../sip/uac/ua-events';
import { ApiError } from '../api-error';
import type { EventHub } from '../events-ws';
import { headerPairs, optionalString, requireUa } from './sip-requests';
import type { CallControlDeps } from './sip-requests';

const IN_DIALOG_METHODS = ['INFO', 'NOTIFY', 'INVITE', 'REFER', 'OPTIONS', 'MESSAGE', 'UPDATE'];

function bodyOf(req: { body: unknown }): Record<string, unknown> {
  return (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
}

export function callControlRoutes(deps: CallControlDeps): Router {
  const r = Router();

  r.post('/calls', (req, res) => {
    const ua = requireUa(deps);
    const body = bodyOf(req);
    const a = optionalString(body, 'a');
    const b = optionalString(body, 'b');
    if (a === undefined || b === undefined)
      throw new ApiError('BAD_REQUEST', {
        field: a === undefined ? 'a' : 'b',
        reason: 'a SIP URI is required',
      });
    const creds = body['credentials'] as OriginateCallBody['credentials'];
    if (creds !== undefined && (typeof creds?.username !== 'string' || typeof creds.password !== 'string'))
      throw new ApiError('BAD_REQUEST', { field: 'credentials', reason: '{username, password} strings' });
    let callId: string;
    try {
      callId = ua.call(a, b, creds);
    } catch (e) {
      throw new ApiError('BAD_REQUEST', { reason: e instanceof Error ? e.message : String(e) });
    }
    const out: OriginateCallResponse = { callId };
    res.status(202).json(out);
  });

  r.delete('/calls/:callId', (req, res) => {
    const ua = requireUa(deps);
    const callId = req.params.callId;
    const kind = ua.endCall(callId);
    if (kind === undefined) throw new ApiError('CALL_NOT_FOUND', { callId });
    const out: EndCallResponse = { callId, kind };
    res.status(202).json(out);
  });

  r.post('/calls/:callId/requests', async (req, res) => {
    const ua = requireUa(deps);
    const callId = req.params.callId;
    const body = bodyOf(req);
    const leg = optionalString(body, 'leg') ?? 'a';
    const method = (optionalString(body, 'method') ?? '').toUpperCase();
    if (leg !== 'a' && leg !== 'b') throw new ApiError('BAD_REQUEST', { field: 'leg', reason: "'a' or 'b'" });
    if (!IN_DIALOG_METHODS.includes(method))
      throw new ApiError('BAD_REQUEST', {
        field: 'method',
        reason: `one of ${IN_DIALOG_METHODS.join(', ')}`,
      });
    if (!ua.hasCall(callId)) {
      // A proxy that sent requests inside a dialog it only routes would reuse CSeq numbers the
      // two ends will use themselves (RFC 3261 §12.2.1.1), so only DELETE applies to those.
      if (ua.isProxiedCall(callId))
        throw new ApiError('CALL_NOT_ACTIVE', {
          callId,
          reason: 'in-dialog requests go on originated calls only',
        });
      throw new ApiError('CALL_NOT_FOUND', { callId });
    }
    const headers = headerPairs(body['headers']);
    const text = optionalString(body, 'body');
    const contentType = optionalString(body, 'contentType');
    if (text !== undefined && !headers.some(([n]) => n.toLowerCase() === 'content-type'))
      headers.push(['Content-Type', contentType ?? (method === 'INVITE' ? 'application/sdp' : 'text/plain')]);
    const outcome = await ua.requestInCall(
      callId,
      leg,
      method,
      headers,
      text === undefined ? undefined : Buffer.from(text, 'utf8'),
    );
    if (outcome === undefined)
      throw new ApiError('CALL_NOT_ACTIVE', { callId, leg, reason: 'leg not confirmed' });
    res.status(202).json(outcome);
  });

  return r;
}

/**
 * What the SIP user agent reports, as trace events (so that an originated call is in the calls
 * list with its status and messages) and live events (WebSocket, webhooks). patchbay.ts
 * subscribes it to the user agent.
 */
export function bridgeUaEvents(sink: TraceSink, hub: EventHub): (e: UaEvent) => void {
  // An originated call runs no flow, so its steps are the engine's own call-control actions,
  // numbered per call.
  const steps = new Map<string, number>();
  return (e) => {
    switch (e.kind) {
      case 'request-outcome': {
        const o = e.outcome;
        hub.publish({
          kind: 'request-outcome',
          id: o.id,
          callId: o.callId,
          status: o.status ?? 0,
          reason: o.reason ?? '',
          outcome: o,
        });
        return;
      }
      case 'call-start':
        sink.push({
          kind: 'call-start',
          callId: e.callId,
          flowId: null,
          version: null,
          method: 'INVITE',
          from: e.a,
          to: e.b,
          at: e.at,
        });
        return;
      case 'call-ringing':
        sink.push({ kind: 'call-update', callId: e.callId, status: 'ringing' });
        hub.publish(e);
        return;
      case 'call-answered':
        sink.push({
          kind: 'call-update',
          callId: e.callId,
          status: 'answered',
          finalCode: 200,
          answeredAt: e.at,
        });
        hub.publish(e);
        return;
      case 'call-media-changed': {
        const seq = (steps.get(e.callId) ?? 0) + 1;
        steps.set(e.callId, seq);
        sink.push({
          kind: 'step',
          callId: e.callId,
          seq,
          nodeId: `leg-${e.by}`,
          port: 'media-changed',
          startedAt: e.startedAt,
          durationUs: Math.max(0, e.at - e.startedAt) * 1000,
          detail: { method: e.method, relayedTo: `leg-${e.by === 'a' ? 'b' : 'a'}` },
        });
        hub.publish(e);
        return;
      }
      case 'call-ended':
        steps.delete(e.callId);
        sink.push({
          kind: 'call-update',
          callId: e.callId,
          status: e.outcome,
          ...(e.outcome === 'completed' ? {} : e.status === undefined ? {} : { finalCode: e.status }),
          endedAt: e.at,
        });
        hub.publish(e);
        return;
    }
  };
}
