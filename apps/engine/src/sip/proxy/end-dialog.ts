// The proxy ends a dialog it record-routed (DELETE /api/calls on a proxied call): a BYE to each
// side built from the dialog state it kept (dialog-paths.ts), as each side's peer would send it.

import { prependVia } from '../message/accessors';
import { createRequest } from '../message/sip-message';
import type { SipRequest } from '../message/sip-message';
import { parseNameAddr } from '../message/parse-name-addr';
import type { Peer, TransportName } from '../sip-stack-types';
import type { TransactionLayer } from '../transaction/transaction-layer';
import { newBranchId } from './branch';
import type { DialogPath } from './dialog-paths';

export interface ByeToSend {
  readonly side: 'caller' | 'callee';
  readonly request: SipRequest;
  /** First hop: the first Route URI, or the remote target. */
  readonly nextHop: string;
}

function uriOf(value: string): string | undefined {
  const na = parseNameAddr(value);
  return 'error' in na ? undefined : na.uri.raw;
}

/**
 * Splits the Record-Route set at our own value(s): those above us lead to the callee, those
 * below to the caller. RFC 3261 §12.1.1 (UAS): "The route set MUST be set to the list of URIs in
 * the Record-Route header field from the request, taken in order"; §12.1.2 (UAC): "taken in
 * reverse order". Past our own entries, each side's route set is what we must follow.
 */
export function createByes(path: DialogPath, isLocal: (uri: string) => boolean): ByeToSend[] {
  const rr = path.recordRoute;
  const ours = rr.map((v) => isLocal(uriOf(v) ?? ''));
  const first = ours.indexOf(true);
  const last = ours.lastIndexOf(true);
  const towardCallee = first < 0 ? [] : rr.slice(0, first).reverse();
  const towardCaller = last < 0 ? [] : rr.slice(last + 1);
  const out: ByeToSend[] = [];
  const build = (
    side: 'caller' | 'callee',
    target: string | undefined,
    routes: readonly string[],
    from: string,
    to: string,
    seq: number,
  ): void => {
    if (target === undefined) return;
    // §12.2.1.1: "The CSeq header field value MUST be ... incremented by one" over the last used.
    const req = createRequest('BYE', target, [
      ['Max-Forwards', '70'],
      ['From', from],
      ['To', to],
      ['Call-ID', path.callId],
      ['CSeq', `${seq} BYE`],
      ...routes.map((r): [string, string] => ['Route', r]),
      ['Reason', 'SIP;cause=200;text="Ended by the Patchbay API"'],
      ['Content-Length', '0'],
    ]);
    out.push({
      side,
      request: req,
      nextHop: routes[0] === undefined ? target : (uriOf(routes[0]) ?? target),
    });
  };
  // To the callee, as the caller would send it: From = caller, To = callee.
  build('callee', path.calleeContact, towardCallee, path.callerFrom, path.calleeTo, path.callerSeq + 1);
  // To the caller, as the callee would send it: From = callee (its To), To = caller (its From).
  const calleeFrom = path.calleeTo.replace(/^\s*To\s*:/i, '');
  build('caller', path.callerContact, towardCaller, calleeFrom, path.callerFrom, (path.calleeSeq ?? 0) + 1);
  return out;
}

export interface ByeEnv {
  readonly transactions: TransactionLayer;
  readonly via: (transport: TransportName, branch: string) => string;
  readonly resolve: (uri: string) => Promise<Peer>;
}

/** Send each BYE in its own client transaction; resolves with each final status (408/503 on failure). */
export function sendByes(env: ByeEnv, byes: readonly ByeToSend[]): Promise<number[]> {
  return Promise.all(
    byes.map(
      (bye) =>
        new Promise<number>((resolve) => {
          env
            .resolve(bye.nextHop)
            .then((peer) => {
              prependVia(bye.request, env.via(peer.transport, newBranchId()));
              env.transactions.sendRequest(bye.request, peer, {
                onResponse: (res) => {
                  if (res.status >= 200) resolve(res.status);
                },
                onTimeout: () => resolve(408),
                onTransportError: () => resolve(503),
              });
            })
            .catch(() => resolve(503));
        }),
    ),
  );
}
