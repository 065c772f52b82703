import { celToJson, jsonToCel } from '@patchbay/shared/expr';
import { httpRequest } from '@patchbay/shared/nodes';
import { defineOp, linkExpr } from '../define-op';

export const httpRequestOp = defineOp(httpRequest, (params, link) => {
  const url = linkExpr(params.url, 'string', link.nodeId);
  const headers: Record<string, string> = Object.fromEntries(params.headers.map((h) => [h.key, h.value]));
  const withBody = params.method !== 'GET';
  if (withBody && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json';
  const map = params.map.map((m) => [m.key, m.value.split('.').filter((p) => p !== '')] as const);
  return async (call) => {
    const target = String(url(call.cel()));
    call.note('method', params.method);
    call.note('url', target);
    const req = call.request;
    const body = withBody
      ? JSON.stringify({
          callId: call.callId,
          method: req.method,
          uri: call.uri,
          from: req.fromUri,
          to: req.toUri,
          source: {
            ip: call.proxied.source.address,
            port: call.proxied.source.port,
            transport: call.proxied.source.transport,
          },
          vars: celToJson(call.vars),
        })
      : undefined;
    const result = await call.services.http.request({
      method: params.method,
      url: target,
      headers,
      body,
      timeoutMs: params.timeoutMs,
    });
    if (result.kind === 'timeout') {
      call.note('outcome', 'timeout');
      return 'timeout';
    }
    if (result.kind === 'error') {
      call.note('outcome', 'error');
      call.note('error', result.reason);
      return 'error';
    }
    call.note('status', result.status);
    if (map.length > 0 && result.body === undefined) {
      call.note('error', 'the answer is not JSON');
      return 'error';
    }
    for (const [name, path] of map) call.setVar(name, jsonToCel(pick(result.body, path)));
    return 'ok';
  };
});

function pick(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return null;
    v = Array.isArray(v) ? v[Number(key)] : (v as Record<string, unknown>)[key];
  }
  return v ?? null;
}
