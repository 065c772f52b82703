// A call's status with its final code, coloured by outcome.
import type { CallSummary } from '@patchbay/shared/api';

const tones: Record<CallSummary['status'], string> = {
  trying: 'info',
  ringing: 'info',
  answered: 'success',
  completed: 'success',
  failed: 'danger',
  cancelled: 'muted',
};

export function CallStatus({ call }: { call: Pick<CallSummary, 'status' | 'finalCode'> }) {
  return (
    <span
      className={`badge badge--${tones[call.status]}`}
      data-testid="call-status"
      data-status={call.status}
    >
      {call.status}
      {call.finalCode !== null && <b className="badge__code">{call.finalCode}</b>}
    </span>
  );
}
