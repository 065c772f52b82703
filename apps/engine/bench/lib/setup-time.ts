// INVITE→200 time added by the engine, from its own trace timestamps (messages.at: epoch ms with
// sub-ms precision): (out INVITE − in INVITE) + (out 200 − in 200) per call. The 'in' stamp is
// taken after the datagram is parsed and the 'out' stamp when the datagram leaves the UDP
// transport's outbox for the socket (so it includes the wait for its burst), so the figure
// leaves out the parse of the incoming message and the socket write, and any time the datagram
// waited in the kernel's receive queue.
import Database from 'better-sqlite3';
import { percentile } from './stats';

export interface SetupTime {
  readonly calls: number;
  /** Calls without the four messages (not answered, or trace incomplete). */
  readonly incomplete: number;
  readonly addedMs: Percentiles;
  /** in INVITE → out INVITE: the flow runs and the request is forwarded. */
  readonly inviteMs: Percentiles;
  /** in 200 → out 200: the response is matched and forwarded. */
  readonly okMs: Percentiles;
}

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

interface Row {
  readonly inInvite: number | null;
  readonly outInvite: number | null;
  readonly in200: number | null;
  readonly out200: number | null;
}

// The INVITE's 200 is the first 200 each way: the BYE's 200 only comes after the ACK.
const QUERY = `
  SELECT MIN(CASE WHEN m.direction = 'in'  AND m.summary LIKE 'INVITE %' THEN m.at END) AS inInvite,
         MIN(CASE WHEN m.direction = 'out' AND m.summary LIKE 'INVITE %' THEN m.at END) AS outInvite,
         MIN(CASE WHEN m.direction = 'in'  AND m.summary LIKE 'SIP/2.0 200 %' THEN m.at END) AS in200,
         MIN(CASE WHEN m.direction = 'out' AND m.summary LIKE 'SIP/2.0 200 %' THEN m.at END) AS out200
    FROM calls c JOIN messages m ON m.call_row = c.id
   WHERE c.started_at >= ? AND c.started_at <= ?
   GROUP BY c.id`;

export function setupTime(dbPath: string, from: number, to: number): SetupTime {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[number, number], Row>(QUERY).all(from, to);
    const added: number[] = [];
    const invite: number[] = [];
    const ok: number[] = [];
    for (const r of rows) {
      if (r.inInvite === null || r.outInvite === null || r.in200 === null || r.out200 === null) continue;
      invite.push(r.outInvite - r.inInvite);
      ok.push(r.out200 - r.in200);
      added.push(r.outInvite - r.inInvite + (r.out200 - r.in200));
    }
    return {
      calls: rows.length,
      incomplete: rows.length - added.length,
      addedMs: percentiles(added),
      inviteMs: percentiles(invite),
      okMs: percentiles(ok),
    };
  } finally {
    db.close();
  }
}

function percentiles(values: readonly number[]): Percentiles {
  return {
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : values.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}
