// Typed fetch wrapper over the engine's JSON API (@patchbay/shared/api). Every non-2xx answer
// becomes an ApiError carrying the envelope's stable code, so callers branch on codes, never
// on message text.
import type {
  CallDetailResponse,
  CallListResponse,
  CompileResponse,
  DeployResponse,
  ErrorEnvelope,
  FlowListResponse,
  FlowResponse,
  FlowVersionResponse,
  FlowVersionsResponse,
  HealthResponse,
  SimulateRequest,
  SimulateResponse,
  StatsResponse,
} from '@patchbay/shared/api';
import type { CompileIssue } from '@patchbay/shared/compiler';
import type { FlowDocument } from '@patchbay/shared/flow';
import type { CallFilters } from './call-filters-types';

/** Codes of the engine's catalogue, plus two for failures that never reached it. */
export type ApiErrorCode = ErrorEnvelope['error']['code'] | 'NETWORK' | 'BAD_RESPONSE';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The compile issues a FLOW_INVALID refusal carries in details.issues, or none. */
  get issues(): readonly CompileIssue[] {
    const issues = (this.details as { issues?: unknown } | undefined)?.issues;
    return Array.isArray(issues) ? (issues as CompileIssue[]) : [];
  }
}

const BASE = '/api';

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'NETWORK', 'Cannot reach the Patchbay engine. Is it running?');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(
      res.status,
      'BAD_RESPONSE',
      `The engine answered ${res.status} with something that is not JSON.`,
    );
  }
  if (!res.ok) {
    const envelope = (json as Partial<ErrorEnvelope> | undefined)?.error;
    if (envelope && typeof envelope.code === 'string')
      throw new ApiError(res.status, envelope.code, envelope.message, envelope.details);
    throw new ApiError(res.status, 'BAD_RESPONSE', `The engine answered ${res.status} ${res.statusText}.`);
  }
  return json as T;
}

const enc = encodeURIComponent;

export const api = {
  health: (signal?: AbortSignal) => request<HealthResponse>('GET', '/health', undefined, signal),

  listFlows: (signal?: AbortSignal) => request<FlowListResponse>('GET', '/flows', undefined, signal),
  getFlow: (id: string, signal?: AbortSignal) =>
    request<FlowResponse>('GET', `/flows/${enc(id)}`, undefined, signal),
  createFlow: (doc: FlowDocument) => request<FlowResponse>('POST', '/flows', doc),
  saveFlow: (doc: FlowDocument) => request<FlowResponse>('PUT', `/flows/${enc(doc.id)}`, doc),
  deleteFlow: (id: string) => request<void>('DELETE', `/flows/${enc(id)}`),
  compileFlow: (id: string) => request<CompileResponse>('POST', `/flows/${enc(id)}/compile`),
  deployFlow: (id: string) => request<DeployResponse>('POST', `/flows/${enc(id)}/deploy`),
  listVersions: (id: string, signal?: AbortSignal) =>
    request<FlowVersionsResponse>('GET', `/flows/${enc(id)}/versions`, undefined, signal),

  getVersion: (id: string, version: number, signal?: AbortSignal) =>
    request<FlowVersionResponse>('GET', `/flows/${enc(id)}/versions/${version}`, undefined, signal),
  activateVersion: (id: string, version: number) =>
    request<DeployResponse>('POST', `/flows/${enc(id)}/versions/${version}/activate`),
  simulate: (id: string, body: SimulateRequest, signal?: AbortSignal) =>
    request<SimulateResponse>('POST', `/flows/${enc(id)}/simulate`, body, signal),

  listCalls: (
    query: { limit?: number; cursor?: string | null; filters?: CallFilters },
    signal?: AbortSignal,
  ) => {
    const params = new URLSearchParams({ limit: String(query.limit ?? 50) });
    if (query.cursor) params.set('cursor', query.cursor);
    for (const [key, value] of Object.entries(query.filters ?? {})) {
      const text = Array.isArray(value) ? value.join(',') : String(value ?? '');
      if (text !== '') params.set(key, text);
    }
    return request<CallListResponse>('GET', `/calls?${params.toString()}`, undefined, signal);
  },
  stats: (minutes: number, signal?: AbortSignal) =>
    request<StatsResponse>('GET', `/stats?minutes=${minutes}`, undefined, signal),
  getCall: (callId: string, signal?: AbortSignal) =>
    request<CallDetailResponse>('GET', `/calls/${enc(callId)}`, undefined, signal),

  session: (signal?: AbortSignal) => request<AuthSession>('GET', '/auth/session', undefined, signal),
  login: (password: string) => request<{ signedIn: boolean }>('POST', '/auth/login', { password }),
  logout: () => request<void>('POST', '/auth/logout'),
  listTokens: (signal?: AbortSignal) => request<{ tokens: ApiToken[] }>('GET', '/tokens', undefined, signal),
  createToken: (name: string) => request<{ token: string; info: ApiToken }>('POST', '/tokens', { name }),
  revokeToken: (id: string) => request<void>('DELETE', `/tokens/${enc(id)}`),
};

/** GET /api/auth/session: whether sign-in is needed here, and whether we are signed in. */
export interface AuthSession {
  readonly required: boolean;
  readonly signedIn: boolean;
}

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A sentence for the user, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
