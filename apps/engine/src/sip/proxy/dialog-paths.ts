// What the proxy must remember of a confirmed dialog to end it itself (DELETE /api/calls on a
// proxied call): both sides' Contacts, From/To with tags, the Record-Route set of the 2xx and the
// highest CSeq each side has used. Kept beside DialogTracker's records and forgotten with them.

import { getCallId, getContacts, getCSeq, getFromTag, getToTag } from '../message/accessors';
import { ownString } from '../message/own-string';
import type { SipRequest, SipResponse } from '../message/sip-message';
import { dialogKey, type DialogIds } from './dialog-ids';

/**
 * Of one confirmed dialog. Kept for the whole call, so its texts are one string of their own
 * (values parsed from a message are slices of its whole text), split only when the proxy ends the
 * call: a string, and an object header and a field, each would cost more than the text itself.
 */
export class DialogPath {
  readonly callId: string;
  readonly callerTag: string;
  readonly calleeTag: string;
  callerSeq: number;
  calleeSeq: number | undefined = undefined;
  /** From, To, caller's Contact URI, callee's Contact URI, Record-Route values: one per line. */
  private readonly lines: string;

  constructor(
    ids: DialogIds,
    callerFrom: string,
    calleeTo: string,
    callerContact: string | undefined,
    calleeContact: string | undefined,
    recordRoute: readonly string[],
    callerSeq: number,
  ) {
    // Header values hold no line breaks once parsed (folding is undone), and a URI is never empty.
    this.lines = ownString(
      [callerFrom, calleeTo, callerContact ?? '', calleeContact ?? '', ...recordRoute].join('\n'),
    );
    this.callId = ids.callId;
    this.callerTag = ids.callerTag;
    this.calleeTag = ids.calleeTag;
    this.callerSeq = callerSeq;
  }

  /** From of the INVITE and To of the 2xx, tags included. */
  get callerFrom(): string {
    return this.line(0) as string;
  }

  get calleeTo(): string {
    return this.line(1) as string;
  }

  /** Remote targets (§12.1.1, §12.1.2): Contact URI of the INVITE and of the 2xx. */
  get callerContact(): string | undefined {
    return this.line(2) || undefined;
  }

  get calleeContact(): string | undefined {
    return this.line(3) || undefined;
  }

  /** Record-Route values of the 2xx as sent upstream, top (callee side) first. */
  get recordRoute(): readonly string[] {
    return this.lines.split('\n').slice(4);
  }

  private line(i: number): string | undefined {
    return this.lines.split('\n')[i];
  }
}

function contactUri(msg: SipRequest | SipResponse): string | undefined {
  return getContacts(msg)[0]?.uri.raw;
}

export class DialogPaths {
  private readonly paths = new Map<string, DialogPath>();

  /**
   * A 2xx to an initial INVITE goes upstream, with its dialog's ids (own strings: what is kept
   * here lives as long as the call, and must not keep the messages' text alive).
   */
  onConfirmed(ids: DialogIds, invite: SipRequest, res: SipResponse): void {
    if (ids.callerTag === '' || ids.calleeTag === '' || this.paths.has(ids.key)) return;
    this.paths.set(
      ids.key,
      new DialogPath(
        ids,
        invite.headers.get('from') ?? '',
        res.headers.get('to') ?? '',
        contactUri(invite),
        contactUri(res),
        res.headers.values('record-route'),
        getCSeq(invite)?.seq ?? 1,
      ),
    );
  }

  /** An in-dialog request passing through: keep each side's CSeq (§12.2.1.1) in step. */
  onRequest(req: SipRequest): void {
    const callId = getCallId(req);
    const from = getFromTag(req);
    const to = getToTag(req);
    const seq = getCSeq(req)?.seq;
    if (callId === undefined || seq === undefined || req.method === 'ACK' || req.method === 'CANCEL') return;
    if (from === undefined || to === undefined) return;
    const byCaller = this.paths.get(dialogKey(callId, from, to));
    if (byCaller !== undefined) byCaller.callerSeq = Math.max(byCaller.callerSeq, seq);
    const byCallee = this.paths.get(dialogKey(callId, to, from));
    if (byCallee !== undefined) byCallee.calleeSeq = Math.max(byCallee.calleeSeq ?? 0, seq);
  }

  forCall(callId: string): DialogPath[] {
    return [...this.paths.values()].filter((p) => p.callId === callId);
  }

  forget(callId: string, callerTag: string | undefined, calleeTag: string | undefined): void {
    if (callerTag !== undefined && calleeTag !== undefined)
      this.paths.delete(dialogKey(callId, callerTag, calleeTag));
  }

  get size(): number {
    return this.paths.size;
  }
}
