// INVITE→200 time added by the engine, from its own trace timestamps (each stored message's `at`:
// epoch ms with sub-ms precision): (out INVITE − in INVITE) + (out 200 − in 200) per call. The 'in' stamp is
// taken after the datagram is parsed and the 'out' stamp when the datagram leaves the UDP
// transport's outbox for the socket (so it includes the wait for its burst), so the figure
// leaves out the parse of the incoming message and the socket write, and any time the datagram
// waited in the kernel's receive queue.
import Database from 'better-sqlite3';
import { readPack } from '../../src/store/message-pack';
import { packDirOf, packRowBytes, type PackRow } from '../../src/store/pack-files';
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

/** First in and out INVITE and 200 of a call (the INVITE's 200 is the first each way: the BYE's 200 only comes after the ACK). */
interface Stamps {
  inInvite?: number;
  outInvite?: number;
  in200?: number;
  out200?: number;
}

const PACKS = `
  SELECT p.call_row AS call, p.packed, p.file, p.start, p.length
    FROM calls c JOIN message_packs p ON p.call_row = c.id
   WHERE c.started_at >= ? AND c.started_at <= ?
   ORDER BY p.id`;

export function setupTime(dbPath: string, from: number, to: number): SetupTime {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const packDir = packDirOf(db);
  try {
    const calls = new Map<number, Stamps>();
    for (const row of db.prepare<[number, number], PackRow & { call: number }>(PACKS).iterate(from, to)) {
      let s = calls.get(row.call);
      if (s === undefined) calls.set(row.call, (s = {}));
      const packed = packRowBytes(packDir, row);
      if (packed === undefined) continue;
      for (const m of readPack(packed).messages) {
        const start = m.raw.toString('latin1', 0, 12);
        if (start.startsWith('INVITE ')) {
          if (m.direction === 'in') s.inInvite ??= m.at;
          else s.outInvite ??= m.at;
        } else if (start.startsWith('SIP/2.0 200 ')) {
          if (m.direction === 'in') s.in200 ??= m.at;
          else s.out200 ??= m.at;
        }
      }
    }
    const added: number[] = [];
    const invite: number[] = [];
    const ok: number[] = [];
    for (const r of calls.values()) {
      if (
        r.inInvite === undefined ||
        r.outInvite === undefined ||
        r.in200 === undefined ||
        r.out200 === undefined
      )
        continue;
      invite.push(r.outInvite - r.inInvite);
      ok.push(r.out200 - r.in200);
      added.push(r.outInvite - r.inInvite + (r.out200 - r.in200));
    }
    return {
      calls: calls.size,
      incomplete: calls.size - added.length,
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
