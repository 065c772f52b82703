// A small fetch wrapper for the client commands: JSON in and out, error envelopes turned into
// messages a person can act on.
import type { ErrorEnvelope } from '@patchbay/shared/api';

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly envelope: ErrorEnvelope | undefined,
  ) {
    super(message);
  }
}

export async function apiCall<T>(api: string, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(api + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new Error(
      `cannot reach the engine at ${api} (${cause}); is "patchbay serve" running? (set --api or PATCHBAY_API)`,
      { cause: err },
    );
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiCallError(`${method} ${path}: HTTP ${res.status}, not JSON`, res.status, undefined);
  }
  if (!res.ok) {
    const env = data as ErrorEnvelope | undefined;
    const msg = env?.error ? `${env.error.code}: ${env.error.message}` : `HTTP ${res.status}`;
    throw new ApiCallError(msg, res.status, env);
  }
  return data as T;
}
