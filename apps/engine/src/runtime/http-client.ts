// Outbound HTTP for the http-request node: global fetch with an AbortController time-out. The
// simulation swaps in a client that answers from the outcomes the caller chose.
export interface HttpCall {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly timeoutMs: number;
}

export type HttpResult =
  | { readonly kind: 'ok'; readonly status: number; readonly body: unknown; readonly text: string }
  | { readonly kind: 'error'; readonly reason: string; readonly status?: number }
  | { readonly kind: 'timeout' };

export interface HttpClient {
  request(call: HttpCall): Promise<HttpResult>;
}

export const fetchHttpClient: HttpClient = {
  async request(call) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), call.timeoutMs);
    try {
      const res = await fetch(call.url, {
        method: call.method,
        headers: call.headers,
        ...(call.body === undefined ? {} : { body: call.body }),
        signal: abort.signal,
      });
      const text = await res.text();
      if (res.status < 200 || res.status > 299)
        return { kind: 'error', reason: `HTTP ${res.status}`, status: res.status };
      let body: unknown = undefined;
      if (text.trim() !== '')
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          body = undefined;
        }
      return { kind: 'ok', status: res.status, body, text };
    } catch (err) {
      if (abort.signal.aborted) return { kind: 'timeout' };
      // undici wraps the reason: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      return {
        kind: 'error',
        reason: cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)),
      };
    } finally {
      clearTimeout(timer);
    }
  },
};
