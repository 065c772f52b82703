// The editor's own view of the calls list filters (query parameters of GET /api/calls).
import type { CallStatus } from '@patchbay/shared/api';

/** Filters of GET /api/calls; empty strings mean "any". */
export interface CallFilters {
  readonly since?: string;
  readonly until?: string;
  readonly callId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly status?: readonly CallStatus[];
  readonly flowId?: string;
  readonly version?: string;
}
