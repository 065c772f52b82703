// The identifiers of a confirmed dialog (RFC 3261 §12: Call-ID and the two tags) and the key the
// proxy files it under, kept for as long as the call lasts.

import { ownString } from '../message/own-string';

export interface DialogIds {
  /** callId|callerTag|calleeTag */
  readonly key: string;
  readonly callId: string;
  /** The From tag of the INVITE. */
  readonly callerTag: string;
  /** The To tag of the 2xx. */
  readonly calleeTag: string;
}

export function dialogKey(callId: string, callerTag: string, calleeTag: string): string {
  return `${callId}|${callerTag}|${calleeTag}`;
}

/**
 * The ids in one string of their own, the parts slices of it. Values parsed from a message are
 * slices of its whole text, and a held call would keep its INVITE and 2xx alive (about 900 bytes)
 * through them; a key built by concatenation is a chain of those slices.
 */
export function ownDialogIds(callId: string, callerTag: string, calleeTag: string): DialogIds {
  const key = ownString(dialogKey(callId, callerTag, calleeTag));
  const tagsAt = callId.length + 1;
  const calleeAt = tagsAt + callerTag.length + 1;
  return {
    key,
    callId: key.slice(0, callId.length),
    callerTag: key.slice(tagsAt, tagsAt + callerTag.length),
    calleeTag: key.slice(calleeAt),
  };
}
