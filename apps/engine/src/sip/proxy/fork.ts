// RFC 3261 §16.7 forking over several targets, parallel or serial, on top of Attempt (one
// branch each). The response context (ProxyContext) keeps collecting finals for §16.7 step 6;
// this module decides when the fork is over and which outcome the runtime sees.

import type { Clock, TimerHandle } from '../clock';
import type { ForkOptions, RelayOutcome } from '../sip-stack-types';
import { bestResponse } from './best-response';
import type { Attempt } from './relay-attempt';

export interface ForkHost {
  readonly clock: Clock;
  /** Start one branch (already in the response context's active set). */
  start(target: string, ringTimeoutMs: number | undefined): Attempt;
  /** True once upstream has CANCELled the request (§16.10). */
  cancelled(): boolean;
}

const TERMINATED: RelayOutcome = { kind: 'response', status: 487, reason: 'Request Terminated' };

/** Status an outcome stands for in best-response selection (§16.7 step 6, §16.8, §16.9). */
export function outcomeStatus(o: RelayOutcome): number {
  return o.kind === 'response' ? o.status : o.kind === 'timeout' ? 408 : 503;
}

/** The outcome to report: §16.7 step 6 choice among the branches' outcomes. */
export function bestOutcome(outcomes: readonly RelayOutcome[]): RelayOutcome | undefined {
  const best = bestResponse(outcomes.map((outcome) => ({ status: outcomeStatus(outcome), outcome })));
  return best?.outcome;
}

/** §16.7 step 5/6: a 2xx or 6xx ends the fork ("the proxy ... SHOULD ... CANCEL ... all pending"). */
function ends(o: RelayOutcome): boolean {
  return o.kind === 'response' && (o.status < 300 || o.status >= 600);
}

export async function runFork(
  host: ForkHost,
  targets: readonly string[],
  options: ForkOptions,
): Promise<RelayOutcome> {
  if (targets.length === 0) return { kind: 'transport-error', reason: 'fork: no targets' };
  if (host.cancelled()) return TERMINATED;
  const live = new Set<Attempt>();
  let expired = false;
  let timer: TimerHandle | undefined;
  if (options.timeoutMs !== undefined) {
    timer = host.clock.setTimeout(() => {
      expired = true;
      for (const a of live) a.expire();
    }, options.timeoutMs);
  }
  try {
    return options.mode === 'serial'
      ? await serial(host, targets, options, live, () => expired)
      : await parallel(host, targets, options, live);
  } finally {
    if (timer !== undefined) host.clock.clearTimeout(timer);
  }
}

async function parallel(
  host: ForkHost,
  targets: readonly string[],
  options: ForkOptions,
  live: Set<Attempt>,
): Promise<RelayOutcome> {
  const outcomes: RelayOutcome[] = [];
  const attempts = targets.map((t) => host.start(t, options.perTargetTimeoutMs));
  for (const a of attempts) live.add(a);
  return new Promise((resolve) => {
    let finished = false;
    for (const a of attempts) {
      void a.result.then((outcome) => {
        live.delete(a);
        if (finished) return;
        outcomes.push(outcome);
        if (ends(outcome)) {
          finished = true;
          // §16.7 step 10: "If the forwarded response was a final response, the proxy MUST
          // generate a CANCEL request for all pending client transactions associated with this
          // response context. A proxy SHOULD also generate a CANCEL request for all pending
          // client transactions associated with a response context when it receives a 6xx
          // response." (A 6xx "MUST NOT create any new branches": serial stops too.)
          for (const other of live) other.cancel();
          resolve(outcome);
        } else if (live.size === 0) {
          finished = true;
          resolve(host.cancelled() ? TERMINATED : (bestOutcome(outcomes) ?? TERMINATED));
        }
      });
    }
  });
}

async function serial(
  host: ForkHost,
  targets: readonly string[],
  options: ForkOptions,
  live: Set<Attempt>,
  expired: () => boolean,
): Promise<RelayOutcome> {
  const outcomes: RelayOutcome[] = [];
  for (const target of targets) {
    if (host.cancelled() || expired()) break;
    const attempt = host.start(target, options.perTargetTimeoutMs);
    live.add(attempt);
    const outcome = await attempt.result;
    live.delete(attempt);
    outcomes.push(outcome);
    if (ends(outcome)) return outcome;
  }
  if (host.cancelled()) return TERMINATED;
  return bestOutcome(outcomes) ?? { kind: 'timeout', cause: 'no-response' };
}
