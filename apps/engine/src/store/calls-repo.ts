// Reads calls and their traces back for the API. Writes go through TraceWriter.
import type { CallStatus, CallSummary, TraceMessage, TraceStep } from '@patchbay/shared/api';
import type { Db } from './db';
import { readPack, type StoredMessage, type StoredStep } from './message-pack';
import { PACK_ROW_COLUMNS, packDirOf, packRowBytes, type PackRow } from './pack-files';
import { firstLine } from '../util/first-line';

interface CallRow {
  id: number;
  call_id: string;
  flow_id: string | null;
  version: number | null;
  method: string;
  from_uri: string;
  to_uri: string;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  status: string;
  final_code: number | null;
}

export interface CallListQuery {
  readonly limit: number;
  /** Opaque cursor from a previous page. */
  readonly cursor?: string | undefined;
  readonly flowId?: string | undefined;
  /** Only calls that ran on this version (of `flowId`). */
  readonly version?: number | undefined;
  /** Calls started at or after / before this time (epoch ms). */
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  /** Call-ID contains this text. */
  readonly callId?: string | undefined;
  /** From URI / To URI contains this text (case-insensitive). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Any of these statuses. */
  readonly status?: readonly CallStatus[] | undefined;
}

/** WHERE clause and arguments of a call list query (exported for the query-plan test). */
export function callListSql(query: CallListQuery): { sql: string; args: Record<string, unknown> } {
  const where: string[] = [];
  const args: Record<string, unknown> = { limit: query.limit + 1 };
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (after) {
    // A row value comparison, so SQLite seeks in the (…, started_at DESC, id DESC) index.
    where.push('(started_at, id) < (@at, @id)');
    args['at'] = after.at;
    args['id'] = after.id;
  }
  if (query.flowId !== undefined) {
    where.push('flow_id = @flowId');
    args['flowId'] = query.flowId;
  }
  if (query.version !== undefined) {
    where.push('version = @version');
    args['version'] = query.version;
  }
  if (query.since !== undefined) {
    where.push('started_at >= @since');
    args['since'] = query.since;
  }
  if (query.until !== undefined) {
    where.push('started_at < @until');
    args['until'] = query.until;
  }
  if (query.callId !== undefined && query.callId !== '') {
    where.push('instr(call_id, @callId) > 0');
    args['callId'] = query.callId;
  }
  if (query.from !== undefined && query.from !== '') {
    where.push('instr(lower(from_uri), @from) > 0');
    args['from'] = query.from.toLowerCase();
  }
  if (query.to !== undefined && query.to !== '') {
    where.push('instr(lower(to_uri), @to) > 0');
    args['to'] = query.to.toLowerCase();
  }
  if (query.status !== undefined && query.status.length > 0) {
    const names = query.status.map((s, i) => {
      args[`status${i}`] = s;
      return `@status${i}`;
    });
    where.push(names.length === 1 ? `status = ${names[0]}` : `status IN (${names.join(', ')})`);
  }
  const sql =
    'SELECT * FROM calls' +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY started_at DESC, id DESC LIMIT @limit';
  return { sql, args };
}

export interface CallDetail {
  readonly call: CallSummary;
  readonly steps: TraceStep[];
  readonly messages: TraceMessage[];
}

export class CallsRepo {
  private readonly getStmt;
  private readonly stepsStmt;
  private readonly messagesStmt;
  private readonly packsStmt;
  private readonly packDir: string | undefined;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[string], CallRow>('SELECT * FROM calls WHERE call_id = ?');
    this.stepsStmt = db.prepare<
      [number],
      {
        seq: number;
        node_id: string;
        port: string | null;
        started_at: number;
        duration_us: number;
        detail: string;
        error: string | null;
      }
    >('SELECT * FROM steps WHERE call_row = ? ORDER BY seq, id');
    this.messagesStmt = db.prepare<
      [number],
      {
        at: number;
        direction: 'in' | 'out';
        transport: 'udp' | 'tcp';
        peer: string;
        summary: string;
        raw: Buffer;
      }
    >('SELECT * FROM messages WHERE call_row = ? ORDER BY id');
    this.packsStmt = db.prepare<[number], PackRow>(
      `SELECT ${PACK_ROW_COLUMNS} FROM message_packs WHERE call_row = ? ORDER BY id`,
    );
    this.packDir = packDirOf(db);
  }

  /** Newest first, paged by a keyset cursor on (started_at, id) so deep pages stay fast. */
  list(query: CallListQuery): { calls: CallSummary[]; next: string | null } {
    const { sql, args } = callListSql(query);
    const rows = this.db.prepare<[Record<string, unknown>], CallRow>(sql).all(args);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const next = rows.length > query.limit && last ? encodeCursor(last.started_at, last.id) : null;
    return { calls: page.map(toSummary), next };
  }

  get(callId: string): CallDetail | undefined {
    const row = this.getStmt.get(callId);
    if (!row) return undefined;
    const packs = this.packsStmt.all(row.id).flatMap((p) => {
      const bytes = packRowBytes(this.packDir, p);
      // No bytes: retention has just deleted the call, with its pack file.
      return bytes === undefined ? [] : [readPack(bytes)];
    });
    // Messages and steps stored as rows are from before packs held them (messages since migration
    // 012, steps since pack version 2), so they come first; steps go by seq wherever they are.
    const storedSteps: StoredStep[] = [
      ...this.stepsStmt.all(row.id).map((s): StoredStep => ({
        seq: s.seq,
        nodeId: s.node_id,
        port: s.port,
        startedAt: s.started_at,
        durationUs: s.duration_us,
        detail: JSON.parse(s.detail) as Record<string, unknown>,
        ...(s.error === null ? {} : { error: s.error }),
      })),
      ...packs.flatMap((p) => p.steps),
    ];
    const steps = storedSteps
      .sort((a, b) => a.seq - b.seq)
      .map((s): TraceStep => ({ ...s, startedAt: iso(s.startedAt) }));
    const stored: StoredMessage[] = [...this.messagesStmt.all(row.id), ...packs.flatMap((p) => p.messages)];
    const messages = stored.map((m, i): TraceMessage => ({
      seq: i + 1,
      at: iso(m.at),
      direction: m.direction,
      peer: m.peer,
      transport: m.transport,
      summary: firstLine(m.raw),
      text: m.raw.toString('utf8'),
    }));
    return { call: toSummary(row), steps, messages };
  }
}

export function isValidCursor(cursor: string): boolean {
  return decodeCursor(cursor) !== undefined;
}

function encodeCursor(at: number, id: number): string {
  return Buffer.from(`${at}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: number; id: number } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split(':').map(Number);
  return at !== undefined && id !== undefined && Number.isFinite(at) && Number.isInteger(id)
    ? { at, id }
    : undefined;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function toSummary(r: CallRow): CallSummary {
  return {
    callId: r.call_id,
    flowId: r.flow_id,
    version: r.version,
    method: r.method,
    startedAt: iso(r.started_at),
    answeredAt: r.answered_at === null ? null : iso(r.answered_at),
    endedAt: r.ended_at === null ? null : iso(r.ended_at),
    status: r.status as CallStatus,
    finalCode: r.final_code,
    from: r.from_uri,
    to: r.to_uri,
  };
}
