// What a relay, fork or http-request node can "receive" in a simulation, as menu choices.
import type { SimulatedOutcome } from '@patchbay/shared/api';

export interface OutcomeChoice {
  readonly id: string;
  readonly label: string;
  readonly outcome: SimulatedOutcome;
}

const RELAY: readonly OutcomeChoice[] = [
  { id: '200', label: '200 OK — answered', outcome: { status: 200, reason: 'OK' } },
  { id: '486', label: '486 Busy Here — busy', outcome: { status: 486, reason: 'Busy Here' } },
  {
    id: '480',
    label: '480 Temporarily Unavailable',
    outcome: { status: 480, reason: 'Temporarily Unavailable' },
  },
  { id: '404', label: '404 Not Found — rejected', outcome: { status: 404, reason: 'Not Found' } },
  { id: '603', label: '603 Decline', outcome: { status: 603, reason: 'Decline' } },
  { id: 'timeout', label: 'No answer in time', outcome: { kind: 'timeout' } },
  { id: 'transport-error', label: 'Target unreachable', outcome: { kind: 'transport-error' } },
];

const HTTP: readonly OutcomeChoice[] = [
  { id: 'ok', label: '200 OK (empty JSON)', outcome: { kind: 'ok', status: 200, body: {} } },
  { id: 'error', label: 'Error (connection refused)', outcome: { kind: 'error' } },
  { id: 'timeout', label: 'Timeout', outcome: { kind: 'timeout' } },
];

/** The choices for a node type, or null when its outcome is not simulated. */
export function outcomeChoices(nodeType: string): readonly OutcomeChoice[] | null {
  if (nodeType === 'relay' || nodeType === 'fork') return RELAY;
  if (nodeType === 'http-request') return HTTP;
  return null;
}
