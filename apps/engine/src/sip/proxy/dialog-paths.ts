// What the proxy must remember of a confirmed dialog to end it itself (DELETE /api/calls on a
// proxied call): both sides' Contacts, From/To with tags, the Record-Route set of the 2xx and the
// highest CSeq each side has used. Kept beside DialogTracker's records and forgotten with them.

import { getCallId, getContacts, getCSeq, getFromTag, getToTag } from '../message/accessors';
import type { SipRequest, SipResponse } from '../message/sip-message';

export interface DialogPath {
  readonly callId: string;
  readonly callerTag: string;
  readonly calleeTag: string;
  /** From of the INVITE and To of the 2xx, tags included. */
  readonly callerFrom: string;
  readonly calleeTo: string;
  /** Remote targets (§12.1.1, §12.1.2): Contact URI of the INVITE and of the 2xx. */
  readonly callerContact: string | undefined;
  readonly calleeContact: string | undefined;
  /** Record-Route values of the 2xx as sent upstream, top (callee side) first. */
  readonly recordRoute: readonly string[];
  callerSeq: number;
  calleeSeq: number | undefined;
}

function contactUri(msg: SipRequest | SipResponse): string | undefined {
  return getContacts(msg)[0]?.uri.raw;
}

export class DialogPaths {
  private readonly paths = new Map<string, DialogPath>();

  /** A 2xx to an initial INVITE goes upstream. */
  onConfirmed(invite: SipRequest, res: SipResponse): void {
    const callId = getCallId(invite);
    const callerTag = getFromTag(invite);
    const calleeTag = getToTag(res);
    if (callId === undefined || callerTag === undefined || calleeTag === undefined) return;
    const key = `${callId}|${callerTag}|${calleeTag}`;
    if (this.paths.has(key)) return;
    this.paths.set(key, {
      callId,
      callerTag,
      calleeTag,
      callerFrom: invite.headers.get('from') ?? '',
      calleeTo: res.headers.get('to') ?? '',
      callerContact: contactUri(invite),
      calleeContact: contactUri(res),
      recordRoute: res.headers.values('record-route'),
      callerSeq: getCSeq(invite)?.seq ?? 1,
      calleeSeq: undefined,
    });
  }

  /** An in-dialog request passing through: keep each side's CSeq (§12.2.1.1) in step. */
  onRequest(req: SipRequest): void {
    const callId = getCallId(req);
    const from = getFromTag(req);
    const to = getToTag(req);
    const seq = getCSeq(req)?.seq;
    if (callId === undefined || seq === undefined || req.method === 'ACK' || req.method === 'CANCEL') return;
    const byCaller = this.paths.get(`${callId}|${from}|${to}`);
    if (byCaller !== undefined) byCaller.callerSeq = Math.max(byCaller.callerSeq, seq);
    const byCallee = this.paths.get(`${callId}|${to}|${from}`);
    if (byCallee !== undefined) byCallee.calleeSeq = Math.max(byCallee.calleeSeq ?? 0, seq);
  }

  forCall(callId: string): DialogPath[] {
    return [...this.paths.values()].filter((p) => p.callId === callId);
  }

  forget(callId: string, callerTag: string | undefined, calleeTag: string | undefined): void {
    this.paths.delete(`${callId}|${callerTag}|${calleeTag}`);
  }

  get size(): number {
    return this.paths.size;
  }
}
