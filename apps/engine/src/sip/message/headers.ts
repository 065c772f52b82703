// The ordered header list of one message. Fields keep their original bytes (`raw`) until they
// are changed, so the serializer re-emits untouched headers byte-for-byte; typed views are parsed
// on first use and cached per header (ezk/sipgo style), and the cache is dropped on mutation.
// Views are read-only, so a clone keeps its original's: a relayed request's copies need not
// parse again what the received one already did.

import { canonicalHeaderName, headerKey } from './header-names';
import { splitList } from './split-list';

export interface HeaderField {
  /** Name as it appeared on the wire (or as given when added). */
  readonly name: string;
  /** Value with line folding replaced by SP and surrounding whitespace trimmed. */
  readonly value: string;
  /** Byte offset of the field in the parsed message, for error reports. */
  readonly offset?: number;
  /**
   * The received bytes the field was parsed from: its original text (name to the end of the last
   * continuation line, no CRLF) is src[offset, end). Only parsed, untouched fields have it; a
   * range rather than a view, because a view is an object per header of every message.
   */
  readonly src?: Buffer;
  readonly end?: number;
}

export class Headers {
  private list: HeaderField[];
  /**
   * headerKey of each field, in step with `list`: a lookup compares keys (interned by headerKey's
   * memo, so mostly by reference) instead of normalising every field's name on every lookup.
   */
  private keys: string[];
  /**
   * Parsed views by header key, created on first use: keys and views side by side (a message has
   * a handful, and a Map per message was a tenth of what parsing one allocated).
   */
  private cacheKeys: string[] | undefined;
  private cacheViews: unknown[] | undefined;

  constructor(fields: Iterable<HeaderField> = [], keys?: readonly string[]) {
    this.list = [...fields];
    this.keys = keys === undefined ? this.list.map((f) => headerKey(f.name)) : [...keys];
  }

  /** Headers over arrays the caller hands over and no longer touches (the parser's), uncopied. */
  static adopt(fields: HeaderField[], keys: string[]): Headers {
    const h = new Headers();
    h.list = fields;
    h.keys = keys;
    return h;
  }

  /** headerKey of the i-th field. */
  keyAt(i: number): string | undefined {
    return this.keys[i];
  }

  get fields(): readonly HeaderField[] {
    return this.list;
  }

  /** First value of a header by any of its names (case-insensitive, compact forms too). */
  get(name: string): string | undefined {
    const at = this.keys.indexOf(headerKey(name));
    return at < 0 ? undefined : (this.list[at] as HeaderField).value;
  }

  /** Every field value of a header, one entry per field (not split on commas). */
  getAll(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++)
      if (this.keys[i] === key) out.push((this.list[i] as HeaderField).value);
    return out;
  }

  /** Every element of a comma-separated list header, across all its fields, in order. */
  values(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] === key) for (const v of splitList((this.list[i] as HeaderField).value)) out.push(v);
    }
    return out;
  }

  has(name: string): boolean {
    return this.keys.includes(headerKey(name));
  }

  count(name: string): number {
    return this.getAll(name).length;
  }

  append(name: string, value: string): void {
    this.list.push({ name: canonicalHeaderName(name), value });
    this.keys.push(headerKey(name));
    this.invalidate(name);
  }

  /** Insert before the first field of the same header, or at the very top when there is none. */
  prepend(name: string, value: string): void {
    const key = headerKey(name);
    const at = Math.max(0, this.keys.indexOf(key));
    this.list.splice(at, 0, { name: canonicalHeaderName(name), value });
    this.keys.splice(at, 0, key);
    this.invalidate(name);
  }

  /** Replace every field of the header by one field holding value (appended when absent). */
  set(name: string, value: string): void {
    const key = headerKey(name);
    const at = this.keys.indexOf(key);
    if (at < 0) {
      this.append(name, value);
      return;
    }
    const keepName = (this.list[at] as HeaderField).name;
    this.remove(name);
    this.list.splice(at, 0, { name: keepName, value });
    this.keys.splice(at, 0, key);
    this.invalidate(name);
  }

  remove(name: string): void {
    const key = headerKey(name);
    for (let i = this.list.length - 1; i >= 0; i--) {
      if (this.keys[i] === key) {
        this.list.splice(i, 1);
        this.keys.splice(i, 1);
      }
    }
    this.invalidate(name);
  }

  /** Remove the first element of a list header (e.g. the top Via), keeping the rest of its field. */
  removeFirstValue(name: string): void {
    this.editFirstValue(name, undefined);
  }

  /** Replace the first element of a list header (e.g. add received/rport to the top Via). */
  replaceFirstValue(name: string, value: string): void {
    this.editFirstValue(name, value);
  }

  /**
   * Parse once per header and remember the result until the header changes. `compute` gets these
   * headers and the name, so that callers can pass one function made once (the accessors run many
   * times per message: a closure made per call, cache hit or not, was 2 % of all they allocated).
   */
  cached<T>(name: string, compute: (headers: Headers, name: string) => T): T {
    const key = headerKey(name);
    const at = this.cacheAt(key);
    if (at >= 0) return (this.cacheViews as unknown[])[at] as T;
    const v = compute(this, name);
    this.storeView(key, v);
    return v;
  }

  /** The view cached for the header, or undefined when there is none. */
  peekCached(name: string): unknown {
    const at = this.cacheAt(headerKey(name));
    return at < 0 ? undefined : (this.cacheViews as unknown[])[at];
  }

  /** Store a view parsed elsewhere (the parser's validation) so that cached() returns it. */
  setCached(name: string, value: unknown): void {
    this.storeView(headerKey(name), value);
  }

  clone(): Headers {
    const copy = new Headers(this.list, this.keys);
    if (this.cacheKeys !== undefined && this.cacheKeys.length > 0) {
      copy.cacheKeys = this.cacheKeys.slice();
      copy.cacheViews = (this.cacheViews as unknown[]).slice();
    }
    return copy;
  }

  private editFirstValue(name: string, replacement: string | undefined): void {
    const at = this.keys.indexOf(headerKey(name));
    if (at < 0) return;
    const field = this.list[at] as HeaderField;
    const parts = splitList(field.value);
    if (replacement === undefined) parts.shift();
    else parts[0] = replacement;
    if (parts.length === 0) {
      this.list.splice(at, 1);
      this.keys.splice(at, 1);
    } else this.list[at] = { name: field.name, value: parts.join(', ') };
    this.invalidate(name);
  }

  /** Index of the header key's view in the cache, or -1. */
  private cacheAt(key: string): number {
    return this.cacheKeys === undefined ? -1 : this.cacheKeys.indexOf(key);
  }

  private storeView(key: string, value: unknown): void {
    const at = this.cacheAt(key);
    if (at >= 0) {
      (this.cacheViews as unknown[])[at] = value;
      return;
    }
    (this.cacheKeys ??= []).push(key);
    (this.cacheViews ??= []).push(value);
  }

  private invalidate(name: string): void {
    const at = this.cacheAt(headerKey(name));
    if (at < 0) return;
    (this.cacheKeys as string[]).splice(at, 1);
    (this.cacheViews as unknown[]).splice(at, 1);
  }
}
