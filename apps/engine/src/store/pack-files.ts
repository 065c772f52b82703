// Where the bytes of calls' packs (message-pack.ts) go when the database is a file: appended to
// numbered files in a folder beside it (`patchbay.db-packs/00000001.pack`, ...), the pack's row in
// message_packs naming its file, start and length. A pack is written once and read rarely, and
// in the database each one cost a page or two written three times (the B-tree, the WAL, the
// checkpoint): appended to a file, a batch's packs are one write. Old packs go a whole file at a
// time, once no row names it (retention deletes calls oldest first, so files free up in order).
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db';

/** Where a pack's bytes are. */
export interface PackRef {
  readonly file: number;
  readonly start: number;
  readonly length: number;
}

/** A new file is begun once this many bytes are in the current one (16 MiB: some 2,500 calls). */
const FILE_BYTES = 16 * 1024 * 1024;
const MIN_FILE_BYTES = 64 * 1024;

/**
 * The size of pack files under a size limit: a 32nd of it (16 MiB at most), so that files free up
 * in small steps and retention deletes at most that much more than what is over the limit.
 */
export function packFileBytesFor(maxBytes: number | undefined): number {
  if (!maxBytes) return FILE_BYTES;
  return Math.min(FILE_BYTES, Math.max(MIN_FILE_BYTES, Math.floor(maxBytes / 32)));
}
const STAGING_BYTES = 1024 * 1024;
const NAME = /^(\d{8})\.pack$/;

/** The folder of the database's pack files, or undefined for an in-memory database. */
export function packDirOf(db: Db): string | undefined {
  return db.memory || db.name === '' ? undefined : `${db.name}-packs`;
}

export function packFileName(dir: string, file: number): string {
  return join(dir, `${String(file).padStart(8, '0')}.pack`);
}

/** The pack files in `dir` with their sizes, in order; none when the folder does not exist. */
export function listPackFiles(dir: string): { file: number; bytes: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: { file: number; bytes: number }[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (m === null) continue;
    try {
      out.push({ file: Number(m[1]), bytes: statSync(join(dir, name)).size });
    } catch {
      // removed meanwhile
    }
  }
  return out.sort((a, b) => a.file - b.file);
}

/** A pack's bytes, or undefined when its file is gone (retention deleted the call meanwhile). */
export function readPackBytes(dir: string, ref: PackRef): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(packFileName(dir, ref.file), 'r');
  } catch {
    return undefined;
  }
  try {
    const out = Buffer.allocUnsafe(ref.length);
    let got = 0;
    while (got < ref.length) {
      const n = readSync(fd, out, got, ref.length - got, ref.start + got);
      if (n === 0) return undefined;
      got += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** A message_packs row as read: its bytes are in `packed` or, when it names a file, in that file. */
export interface PackRow {
  readonly packed: Buffer;
  readonly file: number | null;
  readonly start: number | null;
  readonly length: number | null;
}

/** The columns of message_packs that packRowBytes reads. */
export const PACK_ROW_COLUMNS = 'packed, file, start, length';

/** A row's pack, or undefined when its file is gone (retention deleted the call meanwhile). */
export function packRowBytes(dir: string | undefined, row: PackRow): Buffer | undefined {
  if (row.file === null) return row.packed;
  if (dir === undefined) return undefined;
  return readPackBytes(dir, { file: row.file, start: row.start ?? 0, length: row.length ?? 0 });
}

/**
 * Appends packs for one writer. Bytes are staged by append() and written by flush(), which the
 * trace writer calls before it commits the rows that name them: a committed row never points at
 * bytes not yet written (after a failed write or a rolled-back transaction, the bytes a file holds
 * that no row names are only wasted room until the file goes). Each writer creates its files
 * exclusively, so a second writer on the same database (the fallback when the trace worker
 * fails) never writes into the first one's.
 */
export class PackFileWriter {
  private fd: number | undefined;
  private file = 0;
  /** Bytes written to the current file. */
  private written = 0;
  private staging: Buffer = Buffer.allocUnsafe(0);
  private staged = 0;

  constructor(
    readonly dir: string,
    private readonly fileBytes = FILE_BYTES,
  ) {}

  /** Stages the pack; where it will be once flushed. */
  append(bytes: Uint8Array): PackRef {
    if (this.fd === undefined) this.open();
    if (this.written + this.staged > 0 && this.written + this.staged + bytes.length > this.fileBytes) {
      this.flush();
      this.roll();
    }
    if (this.staged + bytes.length > this.staging.length) this.grow(this.staged + bytes.length);
    this.staging.set(bytes, this.staged);
    const ref = { file: this.file, start: this.written + this.staged, length: bytes.length };
    this.staged += bytes.length;
    return ref;
  }

  /** Writes what is staged. On failure, goes on in a new file (the old one's end is unknown). */
  flush(): void {
    if (this.staged === 0 || this.fd === undefined) return;
    try {
      let done = 0;
      while (done < this.staged) done += writeSync(this.fd, this.staging, done, this.staged - done);
      this.written += this.staged;
    } catch (err) {
      this.roll();
      throw err;
    } finally {
      this.staged = 0;
    }
  }

  /** Forgets what is staged (its transaction was rolled back). */
  discard(): void {
    this.staged = 0;
  }

  /**
   * Deletes the files before `file` (the oldest one a row still names; undefined: none is named).
   * The one being written goes too when no row names it and nothing is staged for it: the next
   * pack begins a new file. Returns how many went.
   */
  removeBefore(file: number | undefined): number {
    const named = file ?? Infinity;
    if (this.fd !== undefined && this.staged === 0 && named > this.file) this.close();
    const keepFrom = Math.min(named, this.fd === undefined ? Infinity : this.file);
    let removed = 0;
    for (const f of listPackFiles(this.dir)) {
      if (f.file >= keepFrom) break;
      try {
        unlinkSync(packFileName(this.dir, f.file));
        removed++;
      } catch {
        // already gone
      }
    }
    return removed;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    mkdirSync(this.dir, { recursive: true });
    const last = listPackFiles(this.dir).at(-1)?.file ?? 0;
    this.file = Math.max(last, this.file);
    this.roll();
  }

  /** Closes the current file and creates the next one that does not exist yet. */
  private roll(): void {
    this.close();
    this.written = 0;
    for (;;) {
      this.file++;
      try {
        this.fd = openSync(packFileName(this.dir, this.file), 'wx');
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }

  private grow(bytes: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(bytes, STAGING_BYTES, 2 * this.staging.length));
    this.staging.copy(bigger, 0, 0, this.staged);
    this.staging = bigger;
  }
}
